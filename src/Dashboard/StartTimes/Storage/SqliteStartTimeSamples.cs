using ChaosDashboard.StartTime.Events;
using ChaosDashboard.StartTime.Storage;

namespace ChaosDashboard.StartTimes;

/// <summary>
/// Samples in the library's SQLite store, so they survive restarts and rebuilds. The store merges on
/// save, in one transaction that holds the write lock from its start, and says what each task was before
/// and after: added, updated and unchanged tasks are told apart from what was actually written, even when
/// another dashboard writes to the same file at the same time.
/// </summary>
public sealed class SqliteStartTimeSamples(SqliteStartTimeStore store) : IStartTimeSamples
{
    public string Location => store.Path;
    public bool Persistent => true;

    public async Task<IReadOnlyList<SavedTask>> SaveAsync(IReadOnlyList<TaskStartSample> samples, CancellationToken cancellationToken)
    {
        var saved = new List<SavedTask>(samples.Count);
        await store.SaveAsync(StoredSamples.MergeByTask(samples),
            (before, after) => saved.Add(new SavedTask(after, StoredSamples.Compare(before, after))), cancellationToken);
        return saved;
    }

    public async Task<ImportOutcome> ImportAsync(IEnumerable<TaskStartSample> tasks, int keepChanged, CancellationToken cancellationToken)
    {
        var counter = new ImportCounter(keepChanged);
        await store.SaveAsync(tasks, counter.Count, cancellationToken);
        return counter.Outcome;
    }

    public Task<IReadOnlyList<TaskStartSample>> QueryAsync(StartTimeQuery query, CancellationToken cancellationToken) =>
        store.QueryTasksAsync(query, cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken) => store.CountAsync(cancellationToken);

    public ValueTask DisposeAsync() => store.DisposeAsync();
}
