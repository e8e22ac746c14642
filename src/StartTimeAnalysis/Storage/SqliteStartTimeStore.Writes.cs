using ChaosDashboard.StartTimeAnalysis.Analysis;
using ChaosDashboard.StartTimeAnalysis.Events;
using Microsoft.Data.Sqlite;

namespace ChaosDashboard.StartTimeAnalysis.Storage;

/// <summary>Writing: one transaction per save or import, two prepared statements per transaction.</summary>
public sealed partial class SqliteStartTimeStore
{
    /// <summary>One write transaction of the store: saves merged row by row, then a commit or, without one, nothing.</summary>
    public sealed class StartTimeWrite : IAsyncDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteTransaction _transaction;
        private readonly StoredRows _rows;

        internal StartTimeWrite(SqliteConnection connection, SqliteTransaction transaction)
        {
            _connection = connection;
            _transaction = transaction;
            _rows = new StoredRows(connection, transaction);
        }

        /// <summary>Merges each sample with its stored row and writes what changed (see <see cref="SqliteStartTimeStore.SaveAsync(IEnumerable{TaskStartSample}, Action{TaskStartSample?, TaskStartSample}?, CancellationToken)"/>).</summary>
        public async Task SaveAsync(IEnumerable<TaskStartSample> samples, Action<TaskStartSample?, TaskStartSample>? saved, CancellationToken cancellationToken)
        {
            foreach (TaskStartSample sample in samples)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (string.IsNullOrWhiteSpace(sample.TaskArn))
                {
                    throw new ArgumentException("every sample needs a task ARN", nameof(samples));
                }

                StoredTask? stored = await _rows.FindAsync(sample.TaskArn, cancellationToken).ConfigureAwait(false);
                TaskStartSample? before = stored is null ? null : ToSample(stored);
                TaskStartSample merged = before is null ? sample : TaskStartMerger.Merge(before, sample, out _);
                StoredTask after = ToStored(merged);
                if (stored is null || !stored.SameAs(after))
                {
                    await _rows.WriteAsync(after, cancellationToken).ConfigureAwait(false);
                }

                // The task as stored: times to the millisecond (the containers are the same values as the stored JSON's).
                saved?.Invoke(before, AsStored(merged));
            }
        }

        public Task CommitAsync(CancellationToken cancellationToken) => _transaction.CommitAsync(cancellationToken);

        /// <summary>Rolls back whatever was not committed, and closes the connection.</summary>
        public async ValueTask DisposeAsync()
        {
            await _rows.DisposeAsync().ConfigureAwait(false);
            await _transaction.DisposeAsync().ConfigureAwait(false);
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The two statements a save runs per task, prepared once per transaction.</summary>
    private sealed class StoredRows : IAsyncDisposable
    {
        private static readonly System.Reflection.PropertyInfo[] Columns = typeof(StoredTask).GetProperties();

        private readonly SqliteCommand _find;
        private readonly SqliteCommand _write;

        public StoredRows(SqliteConnection connection, SqliteTransaction transaction)
        {
            _find = connection.CreateCommand();
            _find.Transaction = transaction;
            _find.CommandText = SelectColumns + " WHERE task_arn = @TaskArn";
            _find.Parameters.AddWithValue("@TaskArn", "");
            _write = connection.CreateCommand();
            _write.Transaction = transaction;
            _write.CommandText = UpsertSql;
            foreach (var property in Columns)
            {
                // No declared type: each value binds as what it is (text, integer or null).
                _write.Parameters.AddWithValue("@" + property.Name, DBNull.Value);
            }
        }

        public async Task<StoredTask?> FindAsync(string taskArn, CancellationToken cancellationToken)
        {
            _find.Parameters[0].Value = taskArn;
            await using SqliteDataReader reader = await _find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            string? Text(string column) => reader[column] as string;
            long? Number(string column) => reader[column] is long value ? value : null;
            return new StoredTask
            {
                TaskArn = (string)reader["TaskArn"],
                ClusterArn = Text("ClusterArn"),
                TaskDefinitionArn = Text("TaskDefinitionArn"),
                TaskGroup = Text("TaskGroup"),
                LastStatus = Text("LastStatus"),
                DesiredStatus = Text("DesiredStatus"),
                LaunchType = Text("LaunchType"),
                Version = Number("Version"),
                CreatedAtMs = Number("CreatedAtMs"),
                PullStartedAtMs = Number("PullStartedAtMs"),
                PullStoppedAtMs = Number("PullStoppedAtMs"),
                StartedAtMs = Number("StartedAtMs"),
                StoppingAtMs = Number("StoppingAtMs"),
                StoppedAtMs = Number("StoppedAtMs"),
                StopCode = Text("StopCode"),
                StoppedReason = Text("StoppedReason"),
                ContainersJson = Text("ContainersJson") ?? "[]",
            };
        }

        public Task WriteAsync(StoredTask task, CancellationToken cancellationToken)
        {
            for (int i = 0; i < Columns.Length; i++)
            {
                _write.Parameters[i].Value = Columns[i].GetValue(task) ?? DBNull.Value;
            }

            return _write.ExecuteNonQueryAsync(cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            await _find.DisposeAsync().ConfigureAwait(false);
            await _write.DisposeAsync().ConfigureAwait(false);
        }
    }
}
