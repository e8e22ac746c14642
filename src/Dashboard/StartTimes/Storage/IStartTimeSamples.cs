using ChaosDashboard.StartTimeAnalysis.Events;
using ChaosDashboard.StartTimeAnalysis.Storage;

namespace ChaosDashboard.StartTimes;

/// <summary>What saving one task did to the stored samples.</summary>
public enum SaveResult
{
    /// <summary>The task was not stored before.</summary>
    Added,
    /// <summary>The task was stored and gained or changed something the page shows.</summary>
    Updated,
    /// <summary>The task was stored with the same times and statuses already.</summary>
    Unchanged,
}

/// <summary>One task after a save: its merged sample as now stored, and what the save changed.</summary>
public sealed record SavedTask(TaskStartSample Task, SaveResult Result);

/// <summary>
/// What an import did, counted from what was actually written. <see cref="Changed"/> holds the first
/// changed tasks as stored, up to the limit asked for; <see cref="ChangedCount"/> says how many changed in all.
/// </summary>
public sealed record ImportOutcome(int Added, int Updated, int Unchanged, IReadOnlyList<TaskStartSample> Changed, int ChangedCount);

/// <summary>
/// Counts an import's tasks as the store reports them, keeping the first few changed ones. An import is saved
/// window by window, so a task can be reported more than once: it counts once, as what the import as a
/// whole did to it (added; updated; or unchanged). Tasks are told apart by a 128-bit digest of their ARN,
/// about 40 bytes each, whatever the length of the ARN; with a store that says which tasks the import itself
/// added, only the tasks stored before the import need one.
/// </summary>
sealed class ImportCounter(int keepChanged)
{
    readonly List<TaskStartSample> _changed = [];
    readonly Dictionary<UInt128, SaveResult> _seen = [];
    int _added, _updated, _unchanged;

    /// <summary>
    /// A task as a store that tells which tasks it added earlier in the import reports it: a task it added is
    /// counted then and needs no entry; only tasks stored before the import are told apart by digest.
    /// </summary>
    public void Count(TaskStartSample? before, TaskStartSample after, bool addedEarlierInThisImport)
    {
        if (addedEarlierInThisImport) return;
        if (before is null)
        {
            _added++;
            if (_changed.Count < keepChanged) _changed.Add(after);
            return;
        }
        Count(before, after);
    }

    public void Count(TaskStartSample? before, TaskStartSample after)
    {
        var result = StoredSamples.Compare(before, after);
        var key = Digest(after.TaskArn);
        if (_seen.TryGetValue(key, out var first))
        {
            if (first != SaveResult.Unchanged || result == SaveResult.Unchanged) return;
            (_seen[key], _unchanged, _updated) = (SaveResult.Updated, _unchanged - 1, _updated + 1);
        }
        else
        {
            _seen[key] = result;
            switch (result)
            {
                case SaveResult.Added: _added++; break;
                case SaveResult.Updated: _updated++; break;
                default: _unchanged++; return;
            }
        }
        if (_changed.Count < keepChanged) _changed.Add(after);
    }

    public ImportOutcome Outcome => new(_added, _updated, _unchanged, _changed, _added + _updated);

    static UInt128 Digest(string taskArn)
    {
        // Hashed straight from the ARN's UTF-16 bytes: no copy per task.
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(taskArn.AsSpan()), hash);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }
}

/// <summary>Saves the tasks handed to it, as one step of an import.</summary>
public delegate Task SaveStep(IEnumerable<TaskStartSample> tasks);

/// <summary>
/// Where the start-time page keeps its samples, one per task: the SQLite file normally, memory when
/// the file cannot be used. Both merge repeated observations of a task by <c>TaskStartMerger</c>'s rules.
/// </summary>
public interface IStartTimeSamples : IAsyncDisposable
{
    /// <summary>The database file, or a short description when the samples live in memory.</summary>
    string Location { get; }

    /// <summary>False when the samples are lost at shutdown.</summary>
    bool Persistent { get; }

    /// <summary>
    /// Saves observations (several of one task are merged first) and returns one entry per task, in the
    /// order of first appearance.
    /// </summary>
    Task<IReadOnlyList<SavedTask>> SaveAsync(IReadOnlyList<TaskStartSample> samples, CancellationToken cancellationToken);

    /// <summary>
    /// Saves an import, all of it or none: <paramref name="produce"/> hands its tasks to the step it is given,
    /// in as many steps as it likes (a large file, window by window); a cancellation or an error, in it or
    /// in the store, leaves the store as it was. <paramref name="produce"/> may be run again from the start
    /// (when a damaged database hands over to memory).
    /// </summary>
    /// <param name="keepChanged">How many changed tasks to hand back (for the live feed); all are counted.</param>
    Task<ImportOutcome> ImportAsync(Func<SaveStep, Task> produce, int keepChanged, CancellationToken cancellationToken);

    /// <summary>The stored tasks matching the query, ordered by createdAt then task id.</summary>
    Task<IReadOnlyList<TaskStartSample>> QueryAsync(StartTimeQuery query, CancellationToken cancellationToken);

    Task<long> CountAsync(CancellationToken cancellationToken);
}

/// <summary>Helpers shared by both kinds of sample storage.</summary>
static class StoredSamples
{
    /// <summary>
    /// One sample per task ARN, in the order of first appearance, merged by the library's rule, so a
    /// batch holding a task's PENDING and RUNNING events saves it once.
    /// </summary>
    public static List<TaskStartSample> MergeByTask(IReadOnlyList<TaskStartSample> samples)
    {
        var byArn = new Dictionary<string, int>(StringComparer.Ordinal);
        var merged = new List<TaskStartSample>(samples.Count);
        foreach (var sample in samples)
        {
            if (string.IsNullOrWhiteSpace(sample.TaskArn)) continue;
            if (byArn.TryGetValue(sample.TaskArn, out var index))
                merged[index] = StartTimeAnalysis.Analysis.TaskStartMerger.Merge(merged[index], sample, out _);
            else
            {
                byArn[sample.TaskArn] = merged.Count;
                merged.Add(sample);
            }
        }
        return merged;
    }

    /// <summary>
    /// Whether two samples of a task say the same to a reader of the page. The version is left out:
    /// the dashboard's own observations number themselves, and a renumbered but identical task is no news.
    /// </summary>
    public static bool SameForReaders(TaskStartSample a, TaskStartSample b) =>
        a.TaskArn == b.TaskArn && a.ClusterArn == b.ClusterArn && a.TaskDefinitionArn == b.TaskDefinitionArn
        && a.Group == b.Group && a.LastStatus == b.LastStatus && a.DesiredStatus == b.DesiredStatus
        && a.LaunchType == b.LaunchType && a.SameTimesAs(b) && a.StopCode == b.StopCode && a.StoppedReason == b.StoppedReason
        && a.Containers.SequenceEqual(b.Containers);

    public static SaveResult Compare(TaskStartSample? before, TaskStartSample after) =>
        before is null ? SaveResult.Added : SameForReaders(before, after) ? SaveResult.Unchanged : SaveResult.Updated;
}
