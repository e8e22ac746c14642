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

    [Theory]
    [InlineData(0, 0L, 0L)]
    [InlineData(1, 500L, 500L)]
    [InlineData(5_000, 300L, 1_000L)]
    [InlineData(5_000, 0L, 86_400_000L)]
    [InlineData(200, 1L, 3L)]
    public void Whole_milliseconds_sorted_by_counting_give_what_sorting_gives(int count, long from, long to)
    {
        var random = new Random(count + (int)to);
        long[] milliseconds = [.. Enumerable.Range(0, count).Select(_ => random.NextInt64(from, to + 1))];
        double[] expected = [.. milliseconds.Select(ms => new TimeSpan(ms * TimeSpan.TicksPerMillisecond).TotalSeconds)];
        DurationStatistics? reference = DurationStatistics.ComputeInPlace(expected);

        double[] sorted = [.. milliseconds.Select(ms => new TimeSpan(ms * TimeSpan.TicksPerMillisecond).TotalSeconds)];
        TaskTableReport.SortSeconds(sorted);

        Assert.Equal(expected, sorted);
        Assert.Equal(reference, DurationStatistics.FromSorted(sorted));
    }

    [Fact]
    public void Seconds_that_are_not_whole_milliseconds_are_sorted_as_they_are()
    {
        double[] values = [3.0005, 1.25, -0.5, 2.0, 1.25];
        TaskTableReport.SortSeconds(values);
        Assert.Equal([-0.5, 1.25, 1.25, 2.0, 3.0005], values);
    }
}
