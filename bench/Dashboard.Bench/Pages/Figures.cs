namespace ChaosDashboard.Bench.Pages;

/// <summary>Percentiles and the units the page benchmarks print.</summary>
static class Figures
{
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return double.NaN;
        var rank = p / 100 * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(sorted.Count - 1, low + 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    public static string Latency(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0
            ? "no samples"
            : $"p50 {Percentile(sorted, 50):N0} ms, p95 {Percentile(sorted, 95):N0} ms, max {sorted[^1]:N0} ms ({sorted.Count:N0} samples)";
    }

    public static string MB(long bytes) => $"{bytes / 1e6:N1} MB";
    public static string KB(double bytes) => $"{bytes / 1e3:N0} KB";
}
