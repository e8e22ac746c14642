using System.Collections.Concurrent;

namespace ChaosDashboard.AwsMode;

/// <summary>
/// What AWS mode knows between polls: the resources found, and the tasks and experiments to watch.
/// Shared by the actions (which add what they start) and the watcher (which polls them).
/// </summary>
public sealed class AwsWorkshop(TimeProvider time)
{
    const int MaxTracked = 200;

    readonly ConcurrentDictionary<string, DateTimeOffset> _taskArns = new();
    readonly ConcurrentDictionary<string, DateTimeOffset> _experimentIds = new();

    /// <summary>Null until discovery has answered once.</summary>
    public WorkshopResources? Resources { get; set; }

    public void TrackTask(string taskArn) => Track(_taskArns, taskArn);
    public void ForgetTask(string taskArn) => _taskArns.TryRemove(taskArn, out _);

    /// <summary>How long a task has been watched; zero for one not watched.</summary>
    public TimeSpan TrackedFor(string taskArn) =>
        _taskArns.TryGetValue(taskArn, out var since) ? time.GetUtcNow() - since : TimeSpan.Zero;
    public void TrackExperiment(string experimentId) => Track(_experimentIds, experimentId);
    public void ForgetExperiment(string experimentId) => _experimentIds.TryRemove(experimentId, out _);

    public IReadOnlyList<string> TaskArns => _taskArns.Keys.ToList();
    public IReadOnlyList<string> ExperimentIds => _experimentIds.Keys.ToList();

    void Track(ConcurrentDictionary<string, DateTimeOffset> set, string key)
    {
        set.TryAdd(key, time.GetUtcNow());
        // Bounded: the oldest go first; the live model keeps what the page shows of them.
        while (set.Count > MaxTracked)
        {
            var oldest = set.MinBy(kv => kv.Value).Key;
            set.TryRemove(oldest, out _);
        }
    }
}
