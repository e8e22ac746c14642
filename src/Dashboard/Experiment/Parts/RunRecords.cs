using ChaosDashboard.Live;

namespace ChaosDashboard.Experiment.Parts;

/// <summary>
/// The tasks and experiments of the live experiment, each kept as its latest observation, bounded.
/// Not thread-safe by itself: <see cref="LiveExperiment"/> calls it under its lock and publishes through the same feed.
/// </summary>
sealed class RunRecords(LiveFeed feed, TimeProvider time)
{
    readonly List<TaskView> _tasks = [];
    readonly List<ExperimentView> _experiments = [];

    public IReadOnlyList<TaskView> Tasks => _tasks;
    public IReadOnlyList<ExperimentView> Experiments => _experiments;

    public TaskView? FindTask(string taskId) => _tasks.FirstOrDefault(t => t.TaskId == taskId);

    public List<TaskView> TasksOfTrial(int trial) => _tasks.Where(t => t.Trial == trial).ToList();

    public bool HasActivity(DateTimeOffset now, TimeSpan afterStop) =>
        _tasks.Any(t => !TaskLifecycle.IsStopped(t.LastStatus) || t.StoppedAt is { } at && now - at < afterStop)
        || _experiments.Any(e => !ExperimentView.IsFinal(e.Status));

    /// <summary>Records a task's latest state; false when nothing changed (and nothing was published).</summary>
    public bool ObserveTask(TaskView observed, int trial)
    {
        var index = _tasks.FindIndex(t => t.TaskId == observed.TaskId);
        var current = index >= 0 ? _tasks[index] : null;
        var merged = Merge(current, observed, trial);
        if (current is not null && Same(current, merged)) return false;
        if (index >= 0) _tasks[index] = merged;
        else
        {
            _tasks.Add(merged);
            if (_tasks.Count > LiveExperiment.MaxTasks) _tasks.RemoveAt(0);
        }
        feed.Publish("task", merged);
        return true;
    }

    TaskView Merge(TaskView? current, TaskView observed, int trial)
    {
        var times = new Dictionary<string, DateTimeOffset>(current?.StateTimes ?? observed.StateTimes);
        foreach (var (state, at) in observed.StateTimes) times.TryAdd(state, at);
        times.TryAdd(observed.LastStatus, time.GetUtcNow());
        return observed with
        {
            StateTimes = times,
            // The trial and start index are ours, not AWS's: keep what was recorded first.
            Trial = current?.Trial ?? trial,
            StartIndex = observed.StartIndex ?? current?.StartIndex,
        };
    }

    static bool Same(TaskView a, TaskView b) =>
        a.LastStatus == b.LastStatus && a.DesiredStatus == b.DesiredStatus && a.StopCode == b.StopCode
        && a.StoppedReason == b.StoppedReason && a.SameTimesAs(b) && a.ExitCode == b.ExitCode && a.StartIndex == b.StartIndex && a.StateTimes.Count == b.StateTimes.Count;

    /// <summary>Sets where a run started; false when it was already known.</summary>
    public bool SetStartIndex(string taskId, int start)
    {
        var index = _tasks.FindIndex(t => t.TaskId == taskId);
        if (index < 0 || _tasks[index].StartIndex == start) return false;
        _tasks[index] = _tasks[index] with { StartIndex = start };
        feed.Publish("task", _tasks[index]);
        return true;
    }

    public void ObserveExperiment(ExperimentView observed, int trial)
    {
        var index = _experiments.FindIndex(e => e.ExperimentId == observed.ExperimentId);
        var current = index >= 0 ? _experiments[index] : null;
        var merged = observed with { Trial = current?.Trial ?? trial };
        if (current is not null && current.Status == merged.Status && current.Reason == merged.Reason
            && current.EndTime == merged.EndTime && current.Actions.SequenceEqual(merged.Actions)
            && current.TargetTaskIds.SequenceEqual(merged.TargetTaskIds))
            return;
        if (index >= 0) _experiments[index] = merged;
        else
        {
            _experiments.Add(merged);
            if (_experiments.Count > LiveExperiment.MaxExperiments) _experiments.RemoveAt(0);
        }
        feed.Publish("experiment", merged);
    }
}
