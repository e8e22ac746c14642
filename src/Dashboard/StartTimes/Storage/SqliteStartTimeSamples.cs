using ChaosDashboard.StartTimeAnalysis.Events;
using ChaosDashboard.StartTimeAnalysis.Storage;

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

    /// <summary>Every step in one transaction, committed when the last is done: all of the import, or none of it.</summary>
    public async Task<ImportOutcome> ImportAsync(Func<SaveStep, Task> produce, int keepChanged, CancellationToken cancellationToken)
    {
        var counter = new ImportCounter(keepChanged);
        await using var write = await store.BeginWriteAsync(cancellationToken);
        await produce(tasks => write.SaveAsync(tasks, (TaskSaved)counter.Count, cancellationToken));
        await write.CommitAsync(cancellationToken);
        return counter.Outcome;
    }

    public Task<IReadOnlyList<TaskStartSample>> QueryAsync(StartTimeQuery query, CancellationToken cancellationToken) =>
        store.QueryTasksAsync(query, cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken) => store.CountAsync(cancellationToken);

    public ValueTask DisposeAsync() => store.DisposeAsync();
}
