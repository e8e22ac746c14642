using ChaosDashboard.StartTimeAnalysis.Analysis;

namespace ChaosDashboard.StartTimeAnalysis.Tests;

public class DurationStatisticsTests
{
    // Reference values from numpy.percentile (linear), worked by hand:
    // [1,2,3,4]: p50 rank 1.5 → 2.5; p90 rank 2.7 → 3 + 0.7·1 = 3.7.
    [Theory]
    [InlineData(new[] { 1.0, 2.0, 3.0, 4.0 }, 50, 2.5)]
    [InlineData(new[] { 1.0, 2.0, 3.0, 4.0 }, 90, 3.7)]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 90, 3.7)]
    [InlineData(new[] { 10.0 }, 90, 10.0)]
    [InlineData(new[] { 1.0, 11.0 }, 90, 10.0)]
    [InlineData(new[] { 5.0, 1.0, 2.0, 3.0, 4.0 }, 50, 3.0)]
    public void Percentiles_interpolate_linearly_between_closest_ranks(double[] values, double percent, double expected)
    {
        DurationStatistics statistics = DurationStatistics.Compute(values)!;
        double actual = percent == 50 ? statistics.Median : statistics.P90;

        Assert.Equal(expected, actual, 9);
    }

    [Fact]
    public void Mean_min_max_and_count()
    {
        DurationStatistics statistics = DurationStatistics.Compute([8.5, 12.125, 9.5])!;

        Assert.Equal(3, statistics.Count);
        Assert.Equal(30.125 / 3, statistics.Mean, 9);
        Assert.Equal(8.5, statistics.Min);
        Assert.Equal(12.125, statistics.Max);
        Assert.Equal(9.5, statistics.Median);
        Assert.Equal(11.6, statistics.P90, 9);
    }

    [Fact]
    public void No_values_no_statistics()
    {
        Assert.Null(DurationStatistics.Compute([]));
    }
}
