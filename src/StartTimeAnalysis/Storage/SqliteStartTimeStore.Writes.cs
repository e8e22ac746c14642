using System.Text;
using ChaosDashboard.StartTimeAnalysis.Analysis;
using ChaosDashboard.StartTimeAnalysis.Events;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ChaosDashboard.StartTimeAnalysis.Storage;

/// <summary>
/// What saving one task did: the row before (null when the task was new) and after, as stored; and whether an
/// earlier step of the same write had added the task, so a caller counting an import counts it once without
/// keeping anything per added task.
/// </summary>
public delegate void TaskSaved(TaskStartSample? before, TaskStartSample after, bool addedEarlierInThisWrite);

/// <summary>Writing: one transaction per save or import, two prepared statements per transaction.</summary>
public sealed partial class SqliteStartTimeStore
{
    /// <summary>One write transaction of the store: saves merged row by row, then a commit or, without one, nothing.</summary>
    public sealed class StartTimeWrite : IAsyncDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteTransaction _transaction;
        private readonly StoredRows _rows;

        /// <summary>
        /// The largest rowid when the write began (it holds the write lock from then on): SQLite gives each new row
        /// the next one, so a row above it was added by this write. Only when the largest possible rowid is taken
        /// does SQLite pick them at random; then the added rows are listed instead (<see cref="_added"/>).
        /// </summary>
        private readonly long _lastRowIdBefore;
        private readonly HashSet<long>? _added;

        internal StartTimeWrite(SqliteConnection connection, SqliteTransaction transaction, long lastRowIdBefore)
        {
            _connection = connection;
            _transaction = transaction;
            _rows = new StoredRows(connection);
            _lastRowIdBefore = lastRowIdBefore;
            _added = lastRowIdBefore == long.MaxValue ? [] : null;
        }

        /// <summary>Merges each sample with its stored row and writes what changed (see <see cref="SqliteStartTimeStore.SaveAsync(IEnumerable{TaskStartSample}, Action{TaskStartSample?, TaskStartSample}?, CancellationToken)"/>).</summary>
        public Task SaveAsync(IEnumerable<TaskStartSample> samples, Action<TaskStartSample?, TaskStartSample>? saved, CancellationToken cancellationToken) =>
            SaveAsync(samples, saved is null ? null : (before, after, _) => saved(before, after), cancellationToken);

        /// <summary>The same, also telling <paramref name="saved"/> which tasks an earlier step of this write added.</summary>
        public Task SaveAsync(IEnumerable<TaskStartSample> samples, TaskSaved? saved, CancellationToken cancellationToken)
        {
            foreach (TaskStartSample sample in samples)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (string.IsNullOrWhiteSpace(sample.TaskArn))
                {
                    throw new ArgumentException("every sample needs a task ARN", nameof(samples));
                }

                // A new task is written as it is; a stored one is merged with the row and written if that changes it.
                TaskStartSample? before = null;
                TaskStartSample merged = sample;
                bool addedEarlier = false;
                if (_rows.TryInsert(sample))
                {
                    _added?.Add(_rows.LastInsertedRowId);
                }
                else
                {
                    (StoredTask stored, long rowId) = _rows.Find(sample.TaskArn)
                        ?? throw new InvalidOperationException("a task that could not be inserted is not stored either");
                    addedEarlier = _added is null ? rowId > _lastRowIdBefore : _added.Contains(rowId);
                    before = ToSample(stored);
                    merged = TaskStartMerger.Merge(before, sample, out _);
                    StoredTask after = ToStored(merged);
                    if (!stored.SameAs(after))
                    {
                        _rows.Write(after);
                    }
                }

                // The task as stored: times to the millisecond (the containers are the same values as the stored JSON's).
                saved?.Invoke(before, StoredColumns.IsToTheMillisecond(merged) ? merged : AsStored(merged), addedEarlier);
            }

            return Task.CompletedTask;
        }

        public Task CommitAsync(CancellationToken cancellationToken) => _transaction.CommitAsync(cancellationToken);

        /// <summary>Rolls back whatever was not committed, and closes the connection.</summary>
        public async ValueTask DisposeAsync()
        {
            _rows.Dispose();
            await _transaction.DisposeAsync().ConfigureAwait(false);
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The statements a save runs per task, prepared once per transaction and run through SQLite's own
    /// interface on the transaction's connection: values are bound from reused buffers rather than through a
    /// parameter object and a UTF-8 copy each, so writing a task allocates next to nothing. A task is first
    /// inserted if new (<c>ON CONFLICT DO NOTHING</c>, and SQLite says whether it was): only a task already
    /// stored is read back and merged.
    /// </summary>
    private sealed class StoredRows : IDisposable
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _find;
        private readonly sqlite3_stmt _insert;
        private readonly sqlite3_stmt _upsert;
        private readonly ContainersJsonWriter _containers = new();
        private byte[] _utf8 = new byte[1024];

        public StoredRows(SqliteConnection connection)
        {
            _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
            _find = Prepare("SELECT rowid, " + SelectColumns["SELECT ".Length..] + " WHERE task_arn = ?1");
            _insert = Prepare(InsertSql + " ON CONFLICT (task_arn) DO NOTHING");
            _upsert = Prepare(UpsertSql);
        }

        /// <summary>
        /// Inserts the task as <see cref="ToStored"/> makes its row, when it is not stored yet; false (nothing
        /// written) when it is. The values are bound straight from the sample, without a row object or strings.
        /// </summary>
        public bool TryInsert(TaskStartSample sample)
        {
            StoredColumns.TaskDefinitionParts(sample.TaskDefinitionArn, sample.Group, out ReadOnlySpan<char> family, out int? revision);
            BindText(_insert, 1, sample.TaskArn);
            BindText(_insert, 2, StoredColumns.TaskId(sample.TaskArn));
            BindText(_insert, 3, sample.ClusterArn);
            if (EcsArns.TryClusterName(sample, out ReadOnlySpan<char> clusterName))
            {
                BindText(_insert, 4, clusterName);
            }
            else
            {
                Check(raw.sqlite3_bind_null(_insert, 4));
            }

            BindText(_insert, 5, sample.TaskDefinitionArn);
            BindText(_insert, 6, family);
            BindNumber(_insert, 7, revision);
            BindText(_insert, 8, sample.Group);
            BindText(_insert, 9, sample.LastStatus);
            BindText(_insert, 10, sample.DesiredStatus);
            BindText(_insert, 11, sample.LaunchType);
            BindNumber(_insert, 12, sample.Version);
            BindNumber(_insert, 13, sample.CreatedAt?.ToUnixTimeMilliseconds());
            BindNumber(_insert, 14, sample.PullStartedAt?.ToUnixTimeMilliseconds());
            BindNumber(_insert, 15, sample.PullStoppedAt?.ToUnixTimeMilliseconds());
            BindNumber(_insert, 16, sample.StartedAt?.ToUnixTimeMilliseconds());
            BindNumber(_insert, 17, sample.StoppingAt?.ToUnixTimeMilliseconds());
            BindNumber(_insert, 18, sample.StoppedAt?.ToUnixTimeMilliseconds());
            BindText(_insert, 19, sample.StopCode);
            BindText(_insert, 20, sample.StoppedReason);
            if (_containers.TryWrite(sample.Containers, out ReadOnlySpan<byte> json))
            {
                Check(raw.sqlite3_bind_text(_insert, 21, json));
            }
            else
            {
                BindText(_insert, 21, ContainersToJson(sample.Containers));
            }

            Step(_insert, raw.SQLITE_DONE);
            return raw.sqlite3_changes(_db) == 1;
        }

        public void Write(StoredTask task)
        {
            Bind(_upsert, task);
            Step(_upsert, raw.SQLITE_DONE);
        }

        public long LastInsertedRowId => raw.sqlite3_last_insert_rowid(_db);

        /// <summary>The stored row of the task and its rowid, or null.</summary>
        public (StoredTask Task, long RowId)? Find(string taskArn)
        {
            try
            {
                BindText(_find, 1, taskArn);
                if (Step(_find, raw.SQLITE_ROW) == raw.SQLITE_DONE)
                {
                    return null;
                }

                // The rowid, then the columns in the order of SelectColumns.
                var task = new StoredTask
                {
                    TaskArn = Text(1) ?? "",
                    ClusterArn = Text(2),
                    TaskDefinitionArn = Text(3),
                    TaskGroup = Text(4),
                    LastStatus = Text(5),
                    DesiredStatus = Text(6),
                    LaunchType = Text(7),
                    Version = Number(8),
                    CreatedAtMs = Number(9),
                    PullStartedAtMs = Number(10),
                    PullStoppedAtMs = Number(11),
                    StartedAtMs = Number(12),
                    StoppingAtMs = Number(13),
                    StoppedAtMs = Number(14),
                    StopCode = Text(15),
                    StoppedReason = Text(16),
                    ContainersJson = Text(17) ?? "[]",
                };
                return (task, raw.sqlite3_column_int64(_find, 0));
            }
            finally
            {
                raw.sqlite3_reset(_find);
            }

            // As Microsoft.Data.Sqlite reads them: text as text, an integer as a number, anything else as missing.
            string? Text(int column) => raw.sqlite3_column_type(_find, column) == raw.SQLITE_TEXT
                ? raw.sqlite3_column_text(_find, column).utf8_to_string()
                : null;

            long? Number(int column) => raw.sqlite3_column_type(_find, column) == raw.SQLITE_INTEGER
                ? raw.sqlite3_column_int64(_find, column)
                : null;
        }

        /// <summary>The 21 values in the order of the statement's columns (that of <see cref="StoredTask"/>'s properties).</summary>
        private void Bind(sqlite3_stmt statement, StoredTask task)
        {
            BindText(statement, 1, task.TaskArn);
            BindText(statement, 2, task.TaskId);
            BindText(statement, 3, task.ClusterArn);
            BindText(statement, 4, task.ClusterName);
            BindText(statement, 5, task.TaskDefinitionArn);
            BindText(statement, 6, task.Family);
            BindNumber(statement, 7, task.Revision);
            BindText(statement, 8, task.TaskGroup);
            BindText(statement, 9, task.LastStatus);
            BindText(statement, 10, task.DesiredStatus);
            BindText(statement, 11, task.LaunchType);
            BindNumber(statement, 12, task.Version);
            BindNumber(statement, 13, task.CreatedAtMs);
            BindNumber(statement, 14, task.PullStartedAtMs);
            BindNumber(statement, 15, task.PullStoppedAtMs);
            BindNumber(statement, 16, task.StartedAtMs);
            BindNumber(statement, 17, task.StoppingAtMs);
            BindNumber(statement, 18, task.StoppedAtMs);
            BindText(statement, 19, task.StopCode);
            BindText(statement, 20, task.StoppedReason);
            BindText(statement, 21, task.ContainersJson);
        }

        private void BindNumber(sqlite3_stmt statement, int index, long? value) => Check(value is long number
            ? raw.sqlite3_bind_int64(statement, index, number)
            : raw.sqlite3_bind_null(statement, index));

        private void BindText(sqlite3_stmt statement, int index, string? value)
        {
            if (value is null)
            {
                Check(raw.sqlite3_bind_null(statement, index));
                return;
            }

            BindText(statement, index, value.AsSpan());
        }

        /// <summary>Text as UTF-8, encoded as Microsoft.Data.Sqlite does it (SQLite copies the bytes).</summary>
        private void BindText(sqlite3_stmt statement, int index, ReadOnlySpan<char> value)
        {
            int most = Encoding.UTF8.GetMaxByteCount(value.Length);
            if (_utf8.Length < most)
            {
                _utf8 = new byte[Math.Max(most, _utf8.Length * 2)];
            }

            int length = Encoding.UTF8.GetBytes(value, _utf8);
            Check(raw.sqlite3_bind_text(statement, index, _utf8.AsSpan(0, length)));
        }

        private int Step(sqlite3_stmt statement, int expected)
        {
            int rc = raw.sqlite3_step(statement);
            if (rc != raw.SQLITE_DONE && rc != expected)
            {
                raw.sqlite3_reset(statement);
                SqliteException.ThrowExceptionForRC(rc, _db);
            }

            if (rc == raw.SQLITE_DONE || statement != _find)
            {
                Check(raw.sqlite3_reset(statement));
            }

            return rc;
        }

        private void Check(int rc)
        {
            if (rc != raw.SQLITE_OK)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }

        private sqlite3_stmt Prepare(string sql)
        {
            Check(raw.sqlite3_prepare_v2(_db, sql, out sqlite3_stmt statement));
            return statement;
        }

        public void Dispose()
        {
            _find.Dispose();
            _insert.Dispose();
            _upsert.Dispose();
        }
    }
}
