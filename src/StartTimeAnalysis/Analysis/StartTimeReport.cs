using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimeAnalysis.Analysis;

/// <summary>
/// Everything a start-time page or report shows: one row per task, one summary per task definition,
/// and optionally a comparison of two groups.
/// </summary>
public sealed record StartTimeReport(
    IReadOnlyList<TaskStartRow> Tasks,
    IReadOnlyList<GroupSummary> Groups,
    GroupComparison? Comparison)
{
    /// <summary>Tasks that never started (listed, not in the figures).</summary>
    public int NotStarted => Tasks is TaskRowList rows ? rows.NotStarted : Tasks.Count(task => !task.Started);

    /// <summary>Tasks with a phase below zero or longer than a day (listed and marked, not in the figures).</summary>
    public int Implausible => Tasks is TaskRowList rows ? rows.Implausible : Tasks.Count(task => task.Implausible);

    /// <summary>
    /// The report of a <see cref="TaskTable"/>: the same figures as building it from the table's samples,
    /// with the per-task rows made one at a time as they are read.
    /// </summary>
    public static StartTimeReport Build(TaskTable tasks, (GroupSelector First, GroupSelector Second)? compare = null) =>
        TaskTableReport.Build(tasks, compare);

    /// <summary>
    /// Builds the report from merged samples (one per task: see <see cref="TaskStartMerger"/>).
    /// Rows are ordered by createdAt, then task id, so the same input always prints the same way.
    /// </summary>
    public static StartTimeReport Build(IEnumerable<TaskStartSample> tasks, (GroupSelector First, GroupSelector Second)? compare = null)
    {
        // Tasks share a handful of task definitions: read each ARN once, and share its family string.
        var definitions = new Dictionary<(string? Arn, string? Group), TaskDefinitionName>();
        var rows = new List<TaskStartRow>();
        foreach (TaskStartSample task in tasks)
        {
            var key = (task.TaskDefinitionArn, task.Group);
            if (!definitions.TryGetValue(key, out TaskDefinitionName definition))
            {
                definitions[key] = definition = task.TaskDefinition;
            }

            rows.Add(TaskStartRow.From(task, definition));
        }

        rows.Sort(static (a, b) =>
        {
            int byCreated = Nullable.Compare(a.CreatedAt, b.CreatedAt);
            return byCreated != 0 ? byCreated : string.CompareOrdinal(a.TaskId, b.TaskId);
        });

        GroupComparison? comparison = compare is var (first, second)
            ? GroupComparison.Compare(rows, first, second)
            : null;
        return new StartTimeReport(rows, GroupSummary.Summarize(rows), comparison);
    }
}
