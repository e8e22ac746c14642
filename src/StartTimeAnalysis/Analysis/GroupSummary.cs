namespace ChaosDashboard.StartTimeAnalysis.Analysis;

/// <summary>
/// The start times of one task definition (family, revision). Only tasks that started, with plausible
/// phases (<see cref="TaskStartRow.Implausible"/>), are in the statistics; <see cref="NotStarted"/> says how
/// many never started.
/// </summary>
public sealed record GroupSummary
{
    public required string Family { get; init; }
    /// <summary>Null when the tasks' source did not name a revision.</summary>
    public int? Revision { get; init; }
    /// <summary>Distinct tasks of this task definition.</summary>
    public int Tasks { get; init; }
    /// <summary>Tasks without startedAt: listed per task, not in the statistics.</summary>
    public int NotStarted { get; init; }
    /// <summary>Statistics per measure; a measure no started task has is absent.</summary>
    public required IReadOnlyDictionary<StartMeasure, DurationStatistics> Measures { get; init; }

    public DurationStatistics? this[StartMeasure measure] => Measures.GetValueOrDefault(measure);

    /// <summary>Summaries per (family, revision) of the given rows, ordered by family then revision.</summary>
    public static IReadOnlyList<GroupSummary> Summarize(IEnumerable<TaskStartRow> rows) =>
        rows.GroupBy(row => (row.Family, row.Revision))
            .OrderBy(group => group.Key.Family, StringComparer.Ordinal)
            .ThenBy(group => group.Key.Revision is null ? 1 : 0)
            .ThenBy(group => group.Key.Revision)
            .Select(group => Of(group.Key.Family, group.Key.Revision, group.ToList()))
            .ToList();

    private static GroupSummary Of(string family, int? revision, IReadOnlyList<TaskStartRow> rows)
    {
        var measures = new Dictionary<StartMeasure, DurationStatistics>();
        foreach (StartMeasure measure in StartMeasures.All)
        {
            DurationStatistics? statistics = DurationStatistics.Compute(
                rows.Where(row => row.Counted && row.Measure(measure) is not null)
                    .Select(row => row.Measure(measure)!.Value.TotalSeconds));
            if (statistics is not null)
            {
                measures[measure] = statistics;
            }
        }

        return new GroupSummary
        {
            Family = family,
            Revision = revision,
            Tasks = rows.Count,
            NotStarted = rows.Count(row => !row.Started),
            Measures = measures,
        };
    }
}
