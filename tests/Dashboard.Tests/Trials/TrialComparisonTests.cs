using ChaosDashboard.Experiment;
using ChaosDashboard.Trials;

namespace ChaosDashboard.Tests.Trials;

public class TrialComparisonTests
{
    static TrialSummary Trial(long id, string kind, int[] again, int? restartedAt, int mostWrites = 2, int[]? missing = null,
        VerdictStatus verdict = VerdictStatus.Refuted) => new()
        {
            Id = id,
            Kind = kind,
            ItemsWrittenAgain = again,
            RestartedAt = restartedAt,
            MostWrites = mostWrites,
            ItemsMissing = missing ?? [],
            Verdict = verdict,
        };

    [Fact]
    public void Baseline_and_improved_in_one_sentence()
    {
        var baseline = Trial(7, "baseline", [0, 1, 2], 0);
        var improved = Trial(8, "improved", [], 3, 1, verdict: VerdictStatus.Confirmed);
        Assert.Equal("The baseline wrote 3 items twice; the improved task resumed at item 3 and wrote none twice.",
            TrialComparison.Sentence(baseline, improved));
    }

    [Fact]
    public void Trials_of_one_kind_are_named_by_number_and_missing_items_and_no_interruption_are_said()
    {
        var uninterrupted = Trial(3, "improved", [], null, 1, verdict: VerdictStatus.NotTested);
        var gaps = Trial(4, "improved", [5], 6, 3, missing: [9]);
        Assert.Equal("Trial 3 was not interrupted and wrote none twice; trial 4 resumed at item 6, wrote 1 item more than once and left 1 item missing.",
            TrialComparison.Sentence(uninterrupted, gaps));
    }

    [Fact]
    public void The_default_pair_is_the_latest_baseline_and_the_latest_improved()
    {
        var newestFirst = new[] { Trial(5, "none", [], null), Trial(4, "improved", [], 2), Trial(3, "baseline", [], 0), Trial(2, "baseline", [], 0) };
        Assert.Equal((3L, 4L), TrialComparison.Defaults(newestFirst));
        Assert.Equal((2L, 3L), TrialComparison.Defaults([Trial(3, "baseline", [], 0), Trial(2, "baseline", [], 0)]));
        Assert.Equal((null, null), TrialComparison.Defaults([]));
    }
}
