using System.Globalization;
using System.Text.Json;
using ChaosDashboard.Live;
using Microsoft.Data.Sqlite;

namespace ChaosDashboard.Trials;

/// <summary>
/// Recorded trials in SQLite on disk: one row per trial with its summary, and every change of the live
/// model in order. Each write is one transaction, so a dashboard killed mid-trial leaves everything up
/// to its last commit and nothing half-written.
/// </summary>
public sealed class TrialStore
{
    readonly string _connectionString;

    TrialStore(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 10,
        }.ToString();
    }

    public string Path { get; }

    /// <summary>Raised after trials were added, changed or deleted: pages read the list again.</summary>
    public event Action? Changed;

    /// <summary>Opens the file, creating it, its folder and its tables when missing. Throws when the file is no usable database.</summary>
    public static TrialStore Open(string path)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        var store = new TrialStore(path);
        using var connection = store.Connect();
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, """
            CREATE TABLE IF NOT EXISTS trials (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                started_at TEXT NOT NULL,
                ended_at TEXT,
                summary TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS trial_changes (
                trial_id INTEGER NOT NULL,
                number INTEGER NOT NULL,
                at TEXT NOT NULL,
                type TEXT NOT NULL,
                data TEXT NOT NULL,
                PRIMARY KEY (trial_id, number)
            ) WITHOUT ROWID;
            """);
        return store;
    }

    SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>A new trial with its first changes (the state it starts from), in one transaction.</summary>
    public long Create(TrialSummary summary, IReadOnlyList<TrialChange> changes)
    {
        long id;
        using (var connection = Connect())
        using (var transaction = connection.BeginTransaction())
        {
            id = Insert(connection, transaction, summary);
            InsertChanges(connection, transaction, id, changes);
            transaction.Commit();
        }
        Changed?.Invoke();
        return id;
    }

    static long Insert(SqliteConnection connection, SqliteTransaction transaction, TrialSummary summary)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO trials (started_at, ended_at, summary) VALUES ($started, $ended, $summary); SELECT last_insert_rowid();";
        command.Parameters.AddWithValue("$started", Text(summary.StartedAt));
        command.Parameters.AddWithValue("$ended", summary.EndedAt is { } ended ? Text(ended) : DBNull.Value);
        command.Parameters.AddWithValue("$summary", LiveJson.Serialize(summary));
        return (long)command.ExecuteScalar()!;
    }

    static void InsertChanges(SqliteConnection connection, SqliteTransaction transaction, long id, IEnumerable<TrialChange> changes)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO trial_changes (trial_id, number, at, type, data) VALUES ($id, $number, $at, $type, $data)";
        var pid = command.Parameters.Add("$id", SqliteType.Integer);
        var number = command.Parameters.Add("$number", SqliteType.Integer);
        var at = command.Parameters.Add("$at", SqliteType.Text);
        var type = command.Parameters.Add("$type", SqliteType.Text);
        var data = command.Parameters.Add("$data", SqliteType.Text);
        command.Prepare();
        foreach (var change in changes)
        {
            pid.Value = id;
            number.Value = change.Number;
            at.Value = Text(change.At);
            type.Value = change.Type;
            data.Value = change.Data;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Appends changes and the summary they lead to, in one transaction.</summary>
    public void Append(long id, IReadOnlyList<TrialChange> changes, TrialSummary summary)
    {
        using (var connection = Connect())
        using (var transaction = connection.BeginTransaction())
        {
            InsertChanges(connection, transaction, id, changes);
            UpdateSummary(connection, transaction, id, summary);
            transaction.Commit();
        }
        Changed?.Invoke();
    }

    static void UpdateSummary(SqliteConnection connection, SqliteTransaction transaction, long id, TrialSummary summary)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE trials SET ended_at = $ended, summary = $summary WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$ended", summary.EndedAt is { } ended ? Text(ended) : DBNull.Value);
        command.Parameters.AddWithValue("$summary", LiveJson.Serialize(summary with { Id = id, Recording = false }));
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Trials left unfinished by a dashboard that stopped or crashed: each is marked ended at its last
    /// recorded change, with the reason. Called once at start-up, before anything new is recorded.
    /// </summary>
    public int EndUnfinished(string reason)
    {
        var ended = 0;
        using (var connection = Connect())
        using (var transaction = connection.BeginTransaction())
        {
            foreach (var summary in Query(connection, transaction, "WHERE ended_at IS NULL"))
            {
                UpdateSummary(connection, transaction, summary.Id, summary with { EndedAt = summary.LastChangeAt, EndReason = reason });
                ended++;
            }
            transaction.Commit();
        }
        if (ended > 0) Changed?.Invoke();
        return ended;
    }

    /// <summary>Every trial, newest first.</summary>
    public IReadOnlyList<TrialSummary> List()
    {
        using var connection = Connect();
        return Query(connection, null, "ORDER BY id DESC");
    }

    public TrialSummary? Find(long id)
    {
        using var connection = Connect();
        return Query(connection, null, "WHERE id = $id", ("$id", id)).FirstOrDefault();
    }

    static List<TrialSummary> Query(SqliteConnection connection, SqliteTransaction? transaction, string where, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT id, summary FROM trials " + where;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        using var reader = command.ExecuteReader();
        var list = new List<TrialSummary>();
        while (reader.Read())
        {
            var summary = JsonSerializer.Deserialize<TrialSummary>(reader.GetString(1), LiveJson.Options)!;
            list.Add(summary with { Id = reader.GetInt64(0) });
        }
        return list;
    }

    /// <summary>A trial's changes in order.</summary>
    public IReadOnlyList<TrialChange> Changes(long id)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT number, at, type, data FROM trial_changes WHERE trial_id = $id ORDER BY number";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        var list = new List<TrialChange>();
        while (reader.Read())
            list.Add(new TrialChange(reader.GetInt32(0), DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture), reader.GetString(2), reader.GetString(3)));
        return list;
    }

    public bool Delete(long id)
    {
        bool deleted;
        using (var connection = Connect())
        using (var transaction = connection.BeginTransaction())
        {
            deleted = DeleteLocked(connection, transaction, id);
            transaction.Commit();
        }
        if (deleted) Changed?.Invoke();
        return deleted;
    }

    static bool DeleteLocked(SqliteConnection connection, SqliteTransaction transaction, long id)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM trial_changes WHERE trial_id = $id; DELETE FROM trials WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteNonQuery() > 0;
    }

    /// <summary>Deletes the oldest trials beyond <paramref name="keep"/>, never <paramref name="except"/>.</summary>
    public int Prune(int keep, long? except)
    {
        var pruned = 0;
        using (var connection = Connect())
        using (var transaction = connection.BeginTransaction())
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT id FROM trials ORDER BY id DESC LIMIT -1 OFFSET $keep";
            command.Parameters.AddWithValue("$keep", keep);
            var old = new List<long>();
            using (var reader = command.ExecuteReader())
                while (reader.Read()) old.Add(reader.GetInt64(0));
            foreach (var id in old.Where(id => id != except))
                if (DeleteLocked(connection, transaction, id)) pruned++;
            transaction.Commit();
        }
        if (pruned > 0) Changed?.Invoke();
        return pruned;
    }

    /// <summary>A whole trial from a file: all of it in one transaction, or nothing.</summary>
    public long Import(TrialSummary summary, IReadOnlyList<TrialChange> changes)
    {
        long id;
        using (var connection = Connect())
        using (var transaction = connection.BeginTransaction())
        {
            id = Insert(connection, transaction, summary);
            InsertChanges(connection, transaction, id, changes);
            UpdateSummary(connection, transaction, id, summary);
            transaction.Commit();
        }
        Changed?.Invoke();
        return id;
    }

    static string Text(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
