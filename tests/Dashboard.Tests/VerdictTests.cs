using ChaosDashboard.Experiment;
using static ChaosDashboard.Tests.Builders;

namespace ChaosDashboard.Tests;

public class VerdictTests
{
    [Fact]
    public void No_task_is_not_tested()
    {
        var verdict = VerdictCalculator.Judge([], Items(10), 10);
        Assert.Equal(VerdictStatus.NotTested, verdict.Status);
        Assert.Equal(Enumerable.Range(0, 10), verdict.MissingItems);
    }

    [Fact]
    public void A_run_that_finished_uninterrupted_leaves_the_hypothesis_untested()
    {
        var writes = Enumerable.Range(0, 10).Select(i => (i, "a", 10.0 + i)).ToArray();
        var verdict = VerdictCalculator.Judge([Finished("a", 0, 30)], Items(10, writes), 10);
        Assert.Equal(VerdictStatus.NotTested, verdict.Status);
        Assert.Contains("no run was interrupted", verdict.Headline);
    }

    [Fact]
    public void Improved_task_resuming_at_the_first_missing_item_confirms()
    {
        // Run a writes 0..3 and is stopped at 15 s; run b continues at 4 and writes 4..9.
        var writes = Enumerable.Range(0, 4).Select(i => (i, "a", 10.0 + i))
            .Concat(Enumerable.Range(4, 6).Select(i => (i, "b", 30.0 + i))).ToArray();
        var tasks = new[] { Interrupted("a", 0, 15, TaskKind.Improved), Finished("b", 20, 40, TaskKind.Improved) with { StartIndex = 4 } };

        var verdict = VerdictCalculator.Judge(tasks, Items(10, writes), 10);

        Assert.Equal(VerdictStatus.Confirmed, verdict.Status);
        Assert.Empty(verdict.ItemsWrittenMoreThanOnce);
        Assert.Empty(verdict.MissingItems);
        Assert.Equal(4, verdict.Runs[1].StartIndex);
        Assert.True(verdict.Runs[0].Interrupted);
        Assert.False(verdict.Runs[1].Interrupted);
        // Stop at 15 s, first write of run b at 34 s.
        Assert.Equal(19, verdict.Runs[0].SecondsFromStopToNextWrite);
        Assert.Contains(verdict.Evidence, e => e.Contains("started at item 4") && e.Contains("items 4–9"));
    }

    [Fact]
    public void Baseline_writing_items_twice_refutes()
    {
        var writes = Enumerable.Range(0, 3).Select(i => (i, "a", 10.0 + i))
            .Concat(Enumerable.Range(0, 10).Select(i => (i, "b", 30.0 + i))).ToArray();
        var tasks = new[] { Interrupted("a", 0, 15), Finished("b", 20, 50) };

        var verdict = VerdictCalculator.Judge(tasks, Items(10, writes), 10);

        Assert.Equal(VerdictStatus.Refuted, verdict.Status);
        Assert.Equal([0, 1, 2], verdict.ItemsWrittenMoreThanOnce);
        Assert.Empty(verdict.MissingItems);
        Assert.Equal(0, verdict.Runs[1].StartIndex);
        Assert.Contains("3 items", verdict.Headline);
    }

    [Fact]
    public void Baseline_refutes_as_soon_as_the_restart_rewrites_an_item()
    {
        var writes = new[] { (0, "a", 10.0), (1, "a", 11.0), (0, "b", 30.0) };
        var tasks = new[] { Interrupted("a", 0, 15), Task("b", createdSeconds: 20) };

        var verdict = VerdictCalculator.Judge(tasks, Items(10, writes), 10);

        Assert.Equal(VerdictStatus.Refuted, verdict.Status);
        Assert.Equal([0], verdict.ItemsWrittenMoreThanOnce);
    }

    [Fact]
    public void A_missing_item_after_the_last_run_ended_refutes()
    {
        // Run b skipped item 5 (say, a bug): all runs are over and 5 is missing.
        var writes = Enumerable.Range(0, 4).Select(i => (i, "a", 10.0 + i))
            .Concat(new[] { 4, 6, 7, 8, 9 }.Select(i => (i, "b", 30.0 + i))).ToArray();
        var tasks = new[] { Interrupted("a", 0, 15, TaskKind.Improved), Finished("b", 20, 50, TaskKind.Improved) };

        var verdict = VerdictCalculator.Judge(tasks, Items(10, writes), 10);

        Assert.Equal(VerdictStatus.Refuted, verdict.Status);
        Assert.Equal([5], verdict.MissingItems);
        Assert.Contains("never written (5)", verdict.Headline);
    }

    [Fact]
    public void Interrupted_and_not_restarted_is_in_progress()
    {
        var writes = new[] { (0, "a", 10.0), (1, "a", 11.0) };
        var verdict = VerdictCalculator.Judge([Interrupted("a", 0, 15)], Items(10, writes), 10);
        Assert.Equal(VerdictStatus.InProgress, verdict.Status);
        Assert.Contains("after 2 items", verdict.Headline);
    }

    [Fact]
    public void Restarted_and_still_running_is_in_progress()
    {
        var writes = new[] { (0, "a", 10.0), (1, "b", 31.0) };
        var tasks = new[] { Interrupted("a", 0, 15, TaskKind.Improved), Task("b", TaskKind.Improved, createdSeconds: 20) };
        var verdict = VerdictCalculator.Judge(tasks, Items(10, writes), 10);
        Assert.Equal(VerdictStatus.InProgress, verdict.Status);
    }

    [Theory]
    [InlineData(new int[0], "")]
    [InlineData(new[] { 3 }, "3")]
    [InlineData(new[] { 0, 1, 2, 3, 5 }, "0–3, 5")]
    [InlineData(new[] { 5, 4, 9, 8, 7 }, "4–5, 7–9")]
    public void Ranges_are_compact(int[] values, string expected) => Assert.Equal(expected, VerdictCalculator.Ranges(values));

    [Theory]
    [InlineData(TaskKind.Baseline)]
    [InlineData(TaskKind.Improved)]
    public void A_run_stopped_before_its_first_item_leaves_the_hypothesis_untested(TaskKind kind)
    {
        // Run a is stopped at 5 s, before its first write; run b writes all ten items once.
        var writes = Enumerable.Range(0, 10).Select(i => (i, "b", 30.0 + i)).ToArray();
        var tasks = new[] { Interrupted("a", 0, 5, kind), Finished("b", 20, 50, kind) with { StartIndex = 0 } };

        var verdict = VerdictCalculator.Judge(tasks, Items(10, writes), 10);

        Assert.Equal(VerdictStatus.NotTested, verdict.Status);
        Assert.Equal(VerdictCalculator.NothingToResumeFrom, verdict.Headline);
        Assert.Empty(verdict.MissingItems);
    }

    [Fact]
    public void A_run_stopped_before_its_first_item_says_so_before_the_restart()
    {
        var verdict = VerdictCalculator.Judge([Interrupted("a", 0, 5)], Items(10), 10);

        Assert.Equal(VerdictStatus.NotTested, verdict.Status);
        Assert.StartsWith("Not tested: the task was stopped before it wrote an item.", verdict.Headline);
    }

    [Fact]
    public void A_later_interruption_before_any_write_still_counts_the_earlier_run_items()
    {
        // Run a wrote 0..2 and was stopped; run b was stopped before writing; run c resumes at 3.
        var writes = Enumerable.Range(0, 3).Select(i => (i, "a", 10.0 + i))
            .Concat(Enumerable.Range(3, 7).Select(i => (i, "c", 60.0 + i))).ToArray();
        var tasks = new[]
        {
            Interrupted("a", 0, 15, TaskKind.Improved), Interrupted("b", 20, 25, TaskKind.Improved),
            Finished("c", 40, 80, TaskKind.Improved) with { StartIndex = 3 },
        };

        var verdict = VerdictCalculator.Judge(tasks, Items(10, writes), 10);

        Assert.Equal(VerdictStatus.Confirmed, verdict.Status);
    }
}
