namespace ChaosDashboard.StartTimeAnalysis.Analysis;

/// <summary>
/// Summary of a set of durations in seconds. Median and p90 use linear interpolation between the
/// closest ranks, numpy's default (<c>numpy.percentile(x, q)</c>, pandas' <c>quantile</c>): for sorted
/// values x[0..n-1] the q-th percentile is at rank h = (n − 1)·q/100, i.e.
/// x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
/// </summary>
public sealed record DurationStatistics(int Count, double Mean, double Median, double P90, double Min, double Max)
{
    /// <summary>Null when there are no values.</summary>
    public static DurationStatistics? Compute(IEnumerable<double> seconds) => ComputeInPlace(seconds.ToArray());

    /// <summary>The same, sorting <paramref name="sorted"/> itself instead of a copy.</summary>
    public static DurationStatistics? ComputeInPlace(double[] sorted)
    {
        if (sorted.Length == 0)
        {
            return null;
        }

        Array.Sort(sorted);
        return FromSorted(sorted);
    }

    /// <summary>The same for values already sorted.</summary>
    internal static DurationStatistics? FromSorted(double[] sorted)
    {
        if (sorted.Length == 0)
        {
            return null;
        }

        return new DurationStatistics(
            sorted.Length,
            sorted.Average(),
            Percentile(sorted, 50),
            Percentile(sorted, 90),
            sorted[0],
            sorted[^1]);
    }

    /// <summary>The <paramref name="percent"/>-th percentile of already sorted values, by linear interpolation.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percent)
    {
        if (sorted.Count == 0)
        {
            throw new ArgumentException("no values", nameof(sorted));
        }

        double rank = (sorted.Count - 1) * percent / 100.0;
        int below = (int)Math.Floor(rank);
        int above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + ((rank - below) * (sorted[above] - sorted[below]));
    }
}
