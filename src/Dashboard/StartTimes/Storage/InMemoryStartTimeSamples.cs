using ChaosDashboard.StartTimeAnalysis.Analysis;
using ChaosDashboard.StartTimeAnalysis.Events;
using ChaosDashboard.StartTimeAnalysis.Storage;

namespace ChaosDashboard.StartTimes;

/// <summary>
/// Samples kept in memory, for when the database file cannot be used: the page still works until the
/// dashboard stops. Bounded: beyond <see cref="Capacity"/> tasks the ones stored first are dropped.
/// </summary>
public sealed class InMemoryStartTimeSamples(int capacity = InMemoryStartTimeSamples.DefaultCapacity) : IStartTimeSamples
{
    public const int DefaultCapacity = 50_000;

    readonly Lock _lock = new();
    readonly Dictionary<string, TaskStartSample> _tasks = new(StringComparer.Ordinal);
    readonly Queue<string> _arrivalOrder = new();

    public int Capacity => capacity;
    public string Location => "memory (lost when the dashboard stops)";
    public bool Persistent => false;

    public Task<IReadOnlyList<SavedTask>> SaveAsync(IReadOnlyList<TaskStartSample> samples, CancellationToken cancellationToken)
    {
        var saved = new List<SavedTask>();
        lock (_lock)
        {
            foreach (var sample in StoredSamples.MergeByTask(samples))
            {
                var (before, after) = Store(sample);
                saved.Add(new SavedTask(after, StoredSamples.Compare(before, after)));
            }
        }
        return Task.FromResult<IReadOnlyList<SavedTask>>(saved);
    }

    /// <summary>
    /// The import's tasks are merged aside (at most <see cref="Capacity"/> of them: no more could be kept)
    /// and stored all at once under the lock when the last step is done: never half an import.
    /// </summary>
    public async Task<ImportOutcome> ImportAsync(Func<SaveStep, Task> produce, int keepChanged, CancellationToken cancellationToken)
    {
        var counter = new ImportCounter(keepChanged);
        var staged = new Dictionary<string, TaskStartSample>(StringComparer.Ordinal);
        var order = new Queue<string>();
        await produce(tasks =>
        {
            foreach (var sample in tasks)
            {
                if (string.IsNullOrWhiteSpace(sample.TaskArn)) continue;
                if (!staged.TryGetValue(sample.TaskArn, out var before))
                {
                    lock (_lock) _tasks.TryGetValue(sample.TaskArn, out before);
                    order.Enqueue(sample.TaskArn);
                }
                var incoming = sample.WithTimesToTheMillisecond();
                var after = before is null ? incoming : TaskStartMerger.Merge(before, incoming, out _);
                staged[sample.TaskArn] = after;
                while (order.Count > capacity) staged.Remove(order.Dequeue());
                counter.Count(before, after);
            }
            return Task.CompletedTask;
        });
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            foreach (var arn in order) Store(staged[arn]);
        }
        return counter.Outcome;
    }

    /// <summary>Merges one sample into what is kept (under the lock); the task before and after.</summary>
    (TaskStartSample? Before, TaskStartSample After) Store(TaskStartSample sample)
    {
        // Milliseconds, as the SQLite store keeps them, so both kinds of storage show the same figures.
        var incoming = sample.WithTimesToTheMillisecond();
        _tasks.TryGetValue(sample.TaskArn, out var before);
        var after = before is null ? incoming : TaskStartMerger.Merge(before, incoming, out _);
        if (before is null)
        {
            _arrivalOrder.Enqueue(sample.TaskArn);
            while (_arrivalOrder.Count > capacity) _tasks.Remove(_arrivalOrder.Dequeue());
        }
        _tasks[sample.TaskArn] = after;
        return (before, after);
    }

    public Task<IReadOnlyList<TaskStartSample>> QueryAsync(StartTimeQuery query, CancellationToken cancellationToken)
    {
        var cluster = string.IsNullOrWhiteSpace(query.Cluster) ? null : EcsArns.ClusterName(query.Cluster.Trim());
        lock (_lock)
        {
            IReadOnlyList<TaskStartSample> matching = _tasks.Values
                .Where(t => Matches(t, query, cluster))
                // The SQLite store's order: createdAt ascending with unknown first, then task id.
                .OrderBy(t => t.CreatedAt?.ToUnixTimeMilliseconds() ?? long.MinValue)
                .ThenBy(t => t.TaskId, StringComparer.Ordinal)
                .ToList();
            return Task.FromResult(matching);
        }
    }

    public Task<long> CountAsync(CancellationToken cancellationToken)
    {
        lock (_lock) return Task.FromResult((long)_tasks.Count);
    }

    static bool Matches(TaskStartSample task, StartTimeQuery query, string? cluster)
    {
        var at = task.CreatedAt ?? task.StartedAt;
        if (query.From is { } from && (at is null || at < from)) return false;
        if (query.To is { } to && (at is null || at >= to)) return false;
        if (!string.IsNullOrEmpty(query.Family))
        {
            var definition = task.TaskDefinition;
            if (definition.Family != query.Family) return false;
            if (query.Revision is { } revision && definition.Revision != revision) return false;
        }
        return cluster is null || EcsArns.ClusterNameOf(task) == cluster;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
