namespace ChaosDashboard.Experiment;

public enum VerdictStatus
{
    /// <summary>No run has been interrupted yet: the hypothesis is untested.</summary>
    NotTested,

    /// <summary>A run was interrupted; the outcome depends on what the restart does.</summary>
    InProgress,
    Confirmed,
    Refuted,
}

/// <summary>What one task (one run of the batch) did in the current trial.</summary>
public sealed record RunEvidence(
    string TaskId,
    TaskKind Kind,
    string LastStatus,
    int? StartIndex,
    IReadOnlyList<int> ItemsWritten,
    bool Interrupted,
    string? StoppedReason,
    double? SecondsFromStopToNextWrite);

public sealed record Verdict(
    VerdictStatus Status,
    string Headline,
    IReadOnlyList<string> Evidence,
    IReadOnlyList<RunEvidence> Runs,
    int ItemsPresent,
    IReadOnlyList<int> ItemsWrittenMoreThanOnce,
    IReadOnlyList<int> MissingItems)
{
    public const string Hypothesis =
        "If the task is interrupted before finishing, it can be restarted and will correctly write all processing items into the database.";
}

/// <summary>
/// Judges the workshop's hypothesis from what was observed in the current trial (since the table was
/// last cleared): the runs, how each ended, and every write of every item.
/// </summary>
public static class VerdictCalculator
{
    /// <summary>ECS's stop code when the task's essential container exited by itself: the batch finished.</summary>
    public const string FinishedStopCode = "EssentialContainerExited";

    public const string NothingToResumeFrom =
        "Not tested: the task was stopped before it wrote an item. Clear the table and interrupt the next run after its first item.";

    public static Verdict Judge(IReadOnlyList<TaskView> trialTasks, IReadOnlyList<ItemView> items, int batchSize)
    {
        var tasks = trialTasks.OrderBy(t => t.Began).ToList();
        var writes = items.SelectMany(i => i.Writes.Select(w => (i.Index, w.TaskId, w.At))).OrderBy(w => w.At).ToList();
        var runs = tasks.Select(t => Evidence(t, writes)).ToList();

        var present = items.Count(i => i.Present);
        var again = items.Where(i => i.WriteCount > 1).Select(i => i.Index).Order().ToList();
        var missing = Enumerable.Range(0, batchSize).Where(i => !items.Any(x => x.Index == i && x.Present)).ToList();

        var evidence = new List<string>();
        foreach (var (run, number) in runs.Select((r, n) => (r, n + 1)))
            evidence.Add(Describe(run, number));
        evidence.Add($"{present} of {batchSize} items in the table" + (missing.Count > 0 ? $"; missing: {Join(missing)}" : ""));
        evidence.Add(again.Count == 0
            ? "No item was written more than once"
            : $"{again.Count} item{(again.Count == 1 ? "" : "s")} written more than once: {Join(again)}");

        var (status, headline) = Decide(runs, again, missing);
        return new Verdict(status, headline, evidence, runs, present, again, missing);
    }

    static (VerdictStatus, string) Decide(List<RunEvidence> runs, List<int> again, List<int> missing)
    {
        if (runs.Count == 0)
            return (VerdictStatus.NotTested, "Not tested yet: launch the task, then interrupt it with the experiment.");

        var lastInterruption = runs.FindLastIndex(r => r.Interrupted);
        if (lastInterruption < 0)
        {
            var finished = runs.All(r => TaskLifecycle.IsStopped(r.LastStatus));
            return (VerdictStatus.NotTested, finished
                ? "Not tested: no run was interrupted. Clear the table and interrupt the next run with the experiment."
                : "Not tested yet: start the experiment while the task writes items.");
        }

        var interruptedRun = runs[lastInterruption];
        // Stopped before anything was written, a restart has nothing to resume from: whatever it does
        // next says nothing about the hypothesis, for the baseline and the improved task alike.
        if (runs.Take(lastInterruption + 1).All(r => r.ItemsWritten.Count == 0))
            return (VerdictStatus.NotTested, NothingToResumeFrom);

        // Items written twice after an interruption are conclusive at once: the restart re-processed work.
        if (again.Count > 0 && lastInterruption < runs.Count - 1)
            return (VerdictStatus.Refuted,
                $"Refuted: the restarted task wrote {again.Count} item{(again.Count == 1 ? "" : "s")} again ({Join(again)}).");

        var after = runs.Skip(lastInterruption + 1).ToList();
        if (after.Count == 0)
            return (VerdictStatus.InProgress,
                $"Interrupted after {interruptedRun.ItemsWritten.Count} item{(interruptedRun.ItemsWritten.Count == 1 ? "" : "s")}: relaunch the task to see whether it recovers.");
        if (after.Any(r => !TaskLifecycle.IsStopped(r.LastStatus)))
            return (VerdictStatus.InProgress, "Restarted: waiting for the batch to finish.");

        if (missing.Count > 0)
            return (VerdictStatus.Refuted, $"Refuted: {missing.Count} item{(missing.Count == 1 ? " was" : "s were")} never written ({Join(missing)}).");
        if (again.Count > 0)
            return (VerdictStatus.Refuted, $"Refuted: {again.Count} item{(again.Count == 1 ? "" : "s")} written more than once ({Join(again)}).");
        return (VerdictStatus.Confirmed, "Confirmed: after the interruption the restarted task wrote every item exactly once.");
    }

    static RunEvidence Evidence(TaskView task, List<(int Index, string TaskId, DateTimeOffset At)> writes)
    {
        var own = writes.Where(w => w.TaskId == task.TaskId).ToList();
        var interrupted = TaskLifecycle.IsStopped(task.LastStatus)
            ? task.StopCode != FinishedStopCode
            : task.DesiredStatus == "STOPPED";
        double? gap = null;
        var stoppedAt = task.StoppingAt ?? task.StoppedAt;
        if (interrupted && stoppedAt is { } stop)
        {
            var next = writes.FirstOrDefault(w => w.TaskId != task.TaskId && w.At > stop);
            if (next.TaskId is not null) gap = Math.Round((next.At - stop).TotalSeconds, 1);
        }
        return new RunEvidence(task.TaskId, task.Kind, task.LastStatus,
            task.StartIndex ?? (own.Count > 0 ? own.Min(w => w.Index) : null),
            own.Select(w => w.Index).ToList(), interrupted, task.StoppedReason, gap);
    }

    static string Describe(RunEvidence run, int number)
    {
        var who = $"Run {number} ({run.Kind.ToString().ToLowerInvariant()}, task {Short(run.TaskId)})";
        var start = run.StartIndex is { } s ? $"started at item {s}" : "wrote nothing yet";
        var wrote = run.ItemsWritten.Count == 0 ? "no items" : $"items {Ranges(run.ItemsWritten)}";
        var end = run.Interrupted ? $"; interrupted: {run.StoppedReason ?? "stop requested"}" : "";
        var gap = run.SecondsFromStopToNextWrite is { } g ? $"; next write {g:0.#} s after the stop" : "";
        return $"{who} {start}, wrote {wrote}{end}{gap}";
    }

    public static string Short(string taskId) => taskId.Length > 8 ? taskId[..8] : taskId;

    static string Join(IEnumerable<int> values) => string.Join(", ", values);

    /// <summary>"0–3, 5" for 0,1,2,3,5: compact enough to read from a projector.</summary>
    public static string Ranges(IEnumerable<int> values)
    {
        var sorted = values.Order().ToList();
        var parts = new List<string>();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] <= sorted[j] + 1) j++;
            parts.Add(sorted[i] == sorted[j] ? $"{sorted[i]}" : $"{sorted[i]}–{sorted[j]}");
            i = j + 1;
        }
        return string.Join(", ", parts);
    }
}
