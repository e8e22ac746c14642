namespace ChaosDashboard.StartTimeAnalysis.Analysis;

/// <summary>
/// How much faster the tasks of group A start than those of group B, measure by measure, as the
/// ratio of medians B / A (2.0: A's median is half of B's). Only started tasks with plausible phases count.
/// </summary>
public sealed record GroupComparison(GroupSelector First, GroupSelector Second, IReadOnlyList<MeasureComparison> Measures)
{
    public MeasureComparison this[StartMeasure measure] => Measures.Single(m => m.Measure == measure);

    public static GroupComparison Compare(IReadOnlyList<TaskStartRow> rows, GroupSelector first, GroupSelector second)
    {
        var measures = StartMeasures.All.Select(measure =>
        {
            DurationStatistics? a = StatisticsOf(rows, first, measure);
            DurationStatistics? b = StatisticsOf(rows, second, measure);
            double? ratio = a is not null && b is not null && a.Median > 0 ? b.Median / a.Median : null;
            return new MeasureComparison(measure, a, b, ratio);
        }).ToList();
        return new GroupComparison(first, second, measures);
    }

    private static DurationStatistics? StatisticsOf(IReadOnlyList<TaskStartRow> rows, GroupSelector group, StartMeasure measure) =>
        DurationStatistics.Compute(rows
            .Where(row => row.Counted && group.Matches(row) && row.Measure(measure) is not null)
            .Select(row => row.Measure(measure)!.Value.TotalSeconds));
}

/// <summary>One measure of a comparison; <see cref="SpeedUp"/> is null when either side has no value.</summary>
public sealed record MeasureComparison(StartMeasure Measure, DurationStatistics? First, DurationStatistics? Second, double? SpeedUp);
