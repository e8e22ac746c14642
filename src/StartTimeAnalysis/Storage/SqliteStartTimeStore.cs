using System.Text.Json;
using ChaosDashboard.StartTimeAnalysis.Analysis;
using ChaosDashboard.StartTimeAnalysis.Events;
using Dapper;
using Microsoft.Data.Sqlite;

namespace ChaosDashboard.StartTimeAnalysis.Storage;

/// <summary>
/// Task start samples kept in a SQLite file, one row per task, so they survive restarts.
/// Saving a task already stored merges the two by the rules of <see cref="TaskStartMerger"/>
/// (highest version wins, missing fields filled), so the same task seen twice stays one sample.
/// Safe to share: each call uses its own pooled connection.
/// </summary>
public sealed partial class SqliteStartTimeStore : IAsyncDisposable
{
    private const int SchemaVersion = 1;

    private static readonly JsonSerializerOptions ContainerJson = new(JsonSerializerDefaults.Web);

    private readonly string _connectionString;

    private SqliteStartTimeStore(string connectionString) => _connectionString = connectionString;

    /// <summary>The database file.</summary>
    public required string Path { get; init; }

    /// <summary>
    /// Opens the file, creating it and its table when missing. An existing file is checked first, without
    /// writing to it (<c>PRAGMA quick_check</c>): a file whose pages are damaged is refused and left as it is.
    /// </summary>
    /// <exception cref="StartTimeStoreException">The file cannot be opened, is damaged, or is not this store's database.</exception>
    public static async Task<SqliteStartTimeStore> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        string fullPath = System.IO.Path.GetFullPath(path);
        var store = new SqliteStartTimeStore(new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString())
        {
            Path = fullPath,
        };

        try
        {
            string? directory = System.IO.Path.GetDirectoryName(fullPath);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            if (File.Exists(fullPath) && new FileInfo(fullPath).Length > 0)
            {
                await CheckAsync(fullPath, cancellationToken).ConfigureAwait(false);
            }

            await store.CreateSchemaAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw new StartTimeStoreException($"cannot open start-time database {fullPath}: {ex.Message}", ex);
        }
    }

    /// <summary>Saves one observation of a task, merging it with what is stored.</summary>
    public Task SaveAsync(TaskStartSample sample, CancellationToken cancellationToken = default) =>
        SaveAsync([sample], cancellationToken);

    /// <summary>Saves many observations in one transaction: all of them, or none.</summary>
    public Task SaveAsync(IEnumerable<TaskStartSample> samples, CancellationToken cancellationToken = default) =>
        SaveAsync(samples, saved: null, cancellationToken);

    /// <summary>
    /// Saves observations in one transaction, all of them or none (an error or a cancellation rolls every
    /// one back). The transaction takes the write lock before it reads anything (<c>BEGIN IMMEDIATE</c>), so
    /// each task is merged with what every other writer, another dashboard's process included, has
    /// committed: told to <paramref name="saved"/> as the row before (null when the task is new) and after,
    /// it is what this save did. A row that would not change is not written. The samples are read one at
    /// a time, so they can stream from a source of any size.
    /// </summary>
    /// <exception cref="ArgumentException">A sample has no task ARN (nothing is saved).</exception>
    public async Task SaveAsync(
        IEnumerable<TaskStartSample> samples, Action<TaskStartSample?, TaskStartSample>? saved, CancellationToken cancellationToken = default)
    {
        await using StartTimeWrite write = await BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await write.SaveAsync(samples, saved, cancellationToken).ConfigureAwait(false);
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts one transaction, holding the write lock from the start (<c>BEGIN IMMEDIATE</c>), for saves made in
    /// several steps, such as an import read window by window. Nothing is kept unless it is committed.
    /// </summary>
    public async Task<StartTimeWrite> BeginWriteAsync(CancellationToken cancellationToken = default)
    {
        SqliteConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            long lastRowId = await connection.ExecuteScalarAsync<long?>(
                new CommandDefinition("SELECT max(rowid) FROM task_start_samples", transaction: transaction, cancellationToken: cancellationToken))
                .ConfigureAwait(false) ?? 0;
            return new StartTimeWrite(connection, transaction, lastRowId);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The stored tasks matching the query, ordered by createdAt.</summary>
    public async Task<IReadOnlyList<TaskStartSample>> QueryTasksAsync(StartTimeQuery query, CancellationToken cancellationToken = default)
    {
        var where = new List<string>();
        var parameters = new DynamicParameters();
        if (query.From is DateTimeOffset from)
        {
            where.Add("COALESCE(created_at_ms, started_at_ms) >= @From");
            parameters.Add("From", from.ToUnixTimeMilliseconds());
        }

        if (query.To is DateTimeOffset to)
        {
            where.Add("COALESCE(created_at_ms, started_at_ms) < @To");
            parameters.Add("To", to.ToUnixTimeMilliseconds());
        }

        if (!string.IsNullOrEmpty(query.Family))
        {
            where.Add("family = @Family");
            parameters.Add("Family", query.Family);
            if (query.Revision is int revision)
            {
                where.Add("revision = @Revision");
                parameters.Add("Revision", revision);
            }
        }

        if (!string.IsNullOrWhiteSpace(query.Cluster))
        {
            where.Add("cluster_name = @Cluster");
            parameters.Add("Cluster", EcsArns.ClusterName(query.Cluster.Trim()));
        }

        string sql = SelectColumns
                     + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "")
                     + " ORDER BY created_at_ms, task_id";
        await using SqliteConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var command = new CommandDefinition(sql, parameters, cancellationToken: cancellationToken);
        IEnumerable<StoredTask> rows = await connection.QueryAsync<StoredTask>(command).ConfigureAwait(false);
        return rows.Select(ToSample).ToList();
    }

    /// <summary>Per-task rows and per task definition summaries of the stored tasks matching the query.</summary>
    public async Task<StartTimeReport> QueryReportAsync(
        StartTimeQuery query, (GroupSelector First, GroupSelector Second)? compare = null, CancellationToken cancellationToken = default) =>
        StartTimeReport.Build(await QueryTasksAsync(query, cancellationToken).ConfigureAwait(false), compare);

    /// <summary>How many tasks are stored.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(
            new CommandDefinition("SELECT COUNT(*) FROM task_start_samples", cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Closes the pooled connections, so the file can be moved or deleted.</summary>
    public ValueTask DisposeAsync()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Whether a SQLite error says the file is damaged or not a database at all.</summary>
    public static bool IsDamage(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteCorrupt or SqliteNotADatabase }
        || exception.InnerException is SqliteException { SqliteErrorCode: SqliteCorrupt or SqliteNotADatabase };

    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    /// <summary>Reads an existing file through: its schema version, then every page's structure.</summary>
    private static async Task CheckAsync(string fullPath, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            long version = await connection.ExecuteScalarAsync<long>("PRAGMA user_version").ConfigureAwait(false);
            if (version > SchemaVersion)
            {
                throw new StartTimeStoreException(
                    $"start-time database {fullPath} was written by a newer version (schema {version}, this one knows {SchemaVersion})");
            }

            string? problem = (await connection.QueryAsync<string>("PRAGMA quick_check(3)").ConfigureAwait(false)).FirstOrDefault();
            if (problem is not "ok")
            {
                throw new StartTimeStoreException($"start-time database {fullPath} is damaged ({problem ?? "no answer from quick_check"}); it was left as it is");
            }
        }
    }

    private async Task CreateSchemaAsync(CancellationToken cancellationToken)
    {
        await using SqliteConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        long version = await connection.ExecuteScalarAsync<long>("PRAGMA user_version").ConfigureAwait(false);
        if (version > SchemaVersion)
        {
            throw new StartTimeStoreException(
                $"start-time database {Path} was written by a newer version (schema {version}, this one knows {SchemaVersion})");
        }

        // WAL lets the dashboard's pages read while a feed writes.
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL").ConfigureAwait(false);
        await connection.ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS task_start_samples (
                task_arn            TEXT PRIMARY KEY NOT NULL,
                task_id             TEXT NOT NULL,
                cluster_arn         TEXT,
                cluster_name        TEXT,
                task_definition_arn TEXT,
                family              TEXT NOT NULL,
                revision            INTEGER,
                task_group          TEXT,
                last_status         TEXT,
                desired_status      TEXT,
                launch_type         TEXT,
                version             INTEGER,
                created_at_ms       INTEGER,
                pull_started_at_ms  INTEGER,
                pull_stopped_at_ms  INTEGER,
                started_at_ms       INTEGER,
                stopping_at_ms      INTEGER,
                stopped_at_ms       INTEGER,
                stop_code           TEXT,
                stopped_reason      TEXT,
                containers_json     TEXT NOT NULL DEFAULT '[]'
            );
            CREATE INDEX IF NOT EXISTS ix_task_start_samples_created ON task_start_samples (created_at_ms);
            CREATE INDEX IF NOT EXISTS ix_task_start_samples_family ON task_start_samples (family, revision);
            PRAGMA user_version = 1;
            """).ConfigureAwait(false);
    }

    private const string SelectColumns = """
        SELECT task_arn AS TaskArn, cluster_arn AS ClusterArn, task_definition_arn AS TaskDefinitionArn,
               task_group AS TaskGroup, last_status AS LastStatus, desired_status AS DesiredStatus,
               launch_type AS LaunchType, version AS Version, created_at_ms AS CreatedAtMs,
               pull_started_at_ms AS PullStartedAtMs, pull_stopped_at_ms AS PullStoppedAtMs,
               started_at_ms AS StartedAtMs, stopping_at_ms AS StoppingAtMs, stopped_at_ms AS StoppedAtMs,
               stop_code AS StopCode, stopped_reason AS StoppedReason, containers_json AS ContainersJson
        FROM task_start_samples
        """;

    private const string InsertSql = """
        INSERT INTO task_start_samples (
            task_arn, task_id, cluster_arn, cluster_name, task_definition_arn, family, revision, task_group,
            last_status, desired_status, launch_type, version, created_at_ms, pull_started_at_ms,
            pull_stopped_at_ms, started_at_ms, stopping_at_ms, stopped_at_ms, stop_code, stopped_reason, containers_json)
        VALUES (
            @TaskArn, @TaskId, @ClusterArn, @ClusterName, @TaskDefinitionArn, @Family, @Revision, @TaskGroup,
            @LastStatus, @DesiredStatus, @LaunchType, @Version, @CreatedAtMs, @PullStartedAtMs,
            @PullStoppedAtMs, @StartedAtMs, @StoppingAtMs, @StoppedAtMs, @StopCode, @StoppedReason, @ContainersJson)
        """;

    private const string UpsertSql = InsertSql + """

        ON CONFLICT (task_arn) DO UPDATE SET
            task_id = excluded.task_id, cluster_arn = excluded.cluster_arn, cluster_name = excluded.cluster_name,
            task_definition_arn = excluded.task_definition_arn, family = excluded.family, revision = excluded.revision,
            task_group = excluded.task_group, last_status = excluded.last_status, desired_status = excluded.desired_status,
            launch_type = excluded.launch_type, version = excluded.version, created_at_ms = excluded.created_at_ms,
            pull_started_at_ms = excluded.pull_started_at_ms, pull_stopped_at_ms = excluded.pull_stopped_at_ms,
            started_at_ms = excluded.started_at_ms, stopping_at_ms = excluded.stopping_at_ms,
            stopped_at_ms = excluded.stopped_at_ms, stop_code = excluded.stop_code,
            stopped_reason = excluded.stopped_reason, containers_json = excluded.containers_json
        """;

    /// <summary>A row as stored: times as epoch milliseconds, containers as JSON.</summary>
    private sealed class StoredTask
    {
        /// <summary>Whether writing <paramref name="other"/> over this row would change nothing.</summary>
        public bool SameAs(StoredTask other) =>
            TaskArn == other.TaskArn && TaskId == other.TaskId && ClusterArn == other.ClusterArn && ClusterName == other.ClusterName
            && TaskDefinitionArn == other.TaskDefinitionArn && Family == other.Family && Revision == other.Revision
            && TaskGroup == other.TaskGroup && LastStatus == other.LastStatus && DesiredStatus == other.DesiredStatus
            && LaunchType == other.LaunchType && Version == other.Version && CreatedAtMs == other.CreatedAtMs
            && PullStartedAtMs == other.PullStartedAtMs && PullStoppedAtMs == other.PullStoppedAtMs && StartedAtMs == other.StartedAtMs
            && StoppingAtMs == other.StoppingAtMs && StoppedAtMs == other.StoppedAtMs && StopCode == other.StopCode
            && StoppedReason == other.StoppedReason && ContainersJson == other.ContainersJson;

        public string TaskArn { get; set; } = "";
        public string TaskId { get; set; } = "";
        public string? ClusterArn { get; set; }
        public string? ClusterName { get; set; }
        public string? TaskDefinitionArn { get; set; }
        public string Family { get; set; } = "";
        public int? Revision { get; set; }
        public string? TaskGroup { get; set; }
        public string? LastStatus { get; set; }
        public string? DesiredStatus { get; set; }
        public string? LaunchType { get; set; }
        public long? Version { get; set; }
        public long? CreatedAtMs { get; set; }
        public long? PullStartedAtMs { get; set; }
        public long? PullStoppedAtMs { get; set; }
        public long? StartedAtMs { get; set; }
        public long? StoppingAtMs { get; set; }
        public long? StoppedAtMs { get; set; }
        public string? StopCode { get; set; }
        public string? StoppedReason { get; set; }
        public string ContainersJson { get; set; } = "[]";
    }

    private static StoredTask ToStored(TaskStartSample sample)
    {
        TaskDefinitionName definition = sample.TaskDefinition;
        return new StoredTask
        {
            TaskArn = sample.TaskArn,
            TaskId = sample.TaskId,
            ClusterArn = sample.ClusterArn,
            ClusterName = EcsArns.ClusterNameOf(sample),
            TaskDefinitionArn = sample.TaskDefinitionArn,
            Family = definition.Family,
            Revision = definition.Revision,
            TaskGroup = sample.Group,
            LastStatus = sample.LastStatus,
            DesiredStatus = sample.DesiredStatus,
            LaunchType = sample.LaunchType,
            Version = sample.Version,
            CreatedAtMs = sample.CreatedAt?.ToUnixTimeMilliseconds(),
            PullStartedAtMs = sample.PullStartedAt?.ToUnixTimeMilliseconds(),
            PullStoppedAtMs = sample.PullStoppedAt?.ToUnixTimeMilliseconds(),
            StartedAtMs = sample.StartedAt?.ToUnixTimeMilliseconds(),
            StoppingAtMs = sample.StoppingAt?.ToUnixTimeMilliseconds(),
            StoppedAtMs = sample.StoppedAt?.ToUnixTimeMilliseconds(),
            StopCode = sample.StopCode,
            StoppedReason = sample.StoppedReason,
            ContainersJson = ContainersToJson(sample.Containers),
        };
    }

    /// <summary>A sample as the store keeps it, without the round trip: its times cut to the millisecond.</summary>
    [ThreadStatic]
    private static (IReadOnlyList<ContainerImage> Containers, string Json)? _lastContainers;

    /// <summary>
    /// The containers as stored: what <c>JsonSerializer</c> writes for them (camelCase, nulls included). Tasks of
    /// one task definition share one list, so the last one written is kept.
    /// </summary>
    private static string ContainersToJson(IReadOnlyList<ContainerImage> containers)
    {
        if (_lastContainers is var (last, json) && ReferenceEquals(last, containers))
        {
            return json;
        }

        string written = JsonSerializer.Serialize(containers, ContainerJson);
        _lastContainers = (containers, written);
        return written;
    }

    private static TaskStartSample AsStored(TaskStartSample sample) => sample.WithTimesToTheMillisecond();

    private static TaskStartSample ToSample(StoredTask stored) => new()
    {
        TaskArn = stored.TaskArn,
        ClusterArn = stored.ClusterArn,
        TaskDefinitionArn = stored.TaskDefinitionArn,
        Group = stored.TaskGroup,
        LastStatus = stored.LastStatus,
        DesiredStatus = stored.DesiredStatus,
        LaunchType = stored.LaunchType,
        Version = stored.Version,
        CreatedAt = FromMilliseconds(stored.CreatedAtMs),
        PullStartedAt = FromMilliseconds(stored.PullStartedAtMs),
        PullStoppedAt = FromMilliseconds(stored.PullStoppedAtMs),
        StartedAt = FromMilliseconds(stored.StartedAtMs),
        StoppingAt = FromMilliseconds(stored.StoppingAtMs),
        StoppedAt = FromMilliseconds(stored.StoppedAtMs),
        StopCode = stored.StopCode,
        StoppedReason = stored.StoppedReason,
        Containers = JsonSerializer.Deserialize<List<ContainerImage>>(stored.ContainersJson, ContainerJson) ?? [],
    };

    private static DateTimeOffset? FromMilliseconds(long? milliseconds) =>
        milliseconds is long value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;
}

/// <summary>The start-time database cannot be used; the message says why and names the file.</summary>
public sealed class StartTimeStoreException(string message, Exception? inner = null) : Exception(message, inner);
