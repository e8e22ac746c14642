using ChaosDashboard.StartTime.Events;
using ChaosDashboard.StartTime.Storage;

namespace ChaosDashboard.StartTimes;

/// <summary>
/// Samples in the library's SQLite store, so they survive restarts and rebuilds. The store merges on
/// save; this adds what the page needs around it: the task as stored before and after, to tell added,
/// updated and unchanged tasks apart and to publish the merged row.
/// </summary>
public sealed class SqliteStartTimeSamples(SqliteStartTimeStore store) : IStartTimeSamples
{
    /// <summary>Tasks saved per transaction; a big import is written in slices of this many.</summary>
    const int SliceSize = 500;

    public string Location => store.Path;
    public bool Persistent => true;

    public async Task<IReadOnlyList<SavedTask>> SaveAsync(IReadOnlyList<TaskStartSample> samples, CancellationToken cancellationToken)
    {
        var tasks = StoredSamples.MergeByTask(samples);
        var saved = new List<SavedTask>(tasks.Count);
        foreach (var slice in tasks.Chunk(SliceSize))
        {
            var before = new TaskStartSample?[slice.Length];
            for (var i = 0; i < slice.Length; i++) before[i] = await FindAsync(slice[i], mustExist: false, cancellationToken);
            await store.SaveAsync(slice, cancellationToken);
            for (var i = 0; i < slice.Length; i++)
            {
                var after = await FindAsync(slice[i], mustExist: true, cancellationToken) ?? slice[i];
                saved.Add(new SavedTask(after, StoredSamples.Compare(before[i], after)));
            }
        }
        return saved;
    }

    public Task<IReadOnlyList<TaskStartSample>> QueryAsync(StartTimeQuery query, CancellationToken cancellationToken) =>
        store.QueryTasksAsync(query, cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken) => store.CountAsync(cancellationToken);

    /// <summary>
    /// The stored sample of the task. The store is searched by time, which it indexes: ECS gives every
    /// task a createdAt from its first event on, and never changes it, so the window of that one
    /// millisecond finds the task. Only a task stored under another time (an observation without
    /// createdAt) needs the full scan, and only when it must be there.
    /// </summary>
    async Task<TaskStartSample?> FindAsync(TaskStartSample sample, bool mustExist, CancellationToken cancellationToken)
    {
        foreach (var key in new[] { sample.CreatedAt, sample.StartedAt }.Select(EcsTimestamp.ToMilliseconds).OfType<DateTimeOffset>().Distinct())
        {
            var window = await store.QueryTasksAsync(new StartTimeQuery { From = key, To = key.AddMilliseconds(1) }, cancellationToken);
            if (window.FirstOrDefault(t => t.TaskArn == sample.TaskArn) is { } found) return found;
        }
        if (!mustExist && (sample.CreatedAt is not null || sample.StartedAt is not null)) return null;
        return (await store.QueryTasksAsync(StartTimeQuery.All, cancellationToken)).FirstOrDefault(t => t.TaskArn == sample.TaskArn);
    }

    public ValueTask DisposeAsync() => store.DisposeAsync();
}
