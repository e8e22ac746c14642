namespace ChaosDashboard.Trials;

/// <summary>The workshop's lesson in one sentence: what each of two trials did with its items.</summary>
public static class TrialComparison
{
    /// <summary>
    /// "The baseline wrote 3 items twice; the improved task resumed at item 3 and wrote none twice."
    /// </summary>
    public static string Sentence(TrialSummary first, TrialSummary second)
    {
        var sameKind = first.Kind == second.Kind;
        var text = $"{Describe(first, sameKind)}; {Describe(second, sameKind)}.";
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    static string Describe(TrialSummary trial, bool sameKind)
    {
        var who = sameKind || trial.Kind is "mixed" or "none"
            ? $"trial {trial.Id}"
            : trial.Kind == "baseline" ? "the baseline" : "the improved task";
        if (trial.Kind == "none") return $"{who} ran no task";

        var parts = new List<string>();
        if (trial.RestartedAt is null && trial.Verdict is Experiment.VerdictStatus.NotTested)
            parts.Add("was not interrupted");
        else if (trial.RestartedAt is { } k && k > 0)
            parts.Add($"resumed at item {k}");
        else if (trial.RestartedAt == 0 && trial.Kind != "baseline")
            parts.Add("started again at item 0");

        var again = trial.ItemsWrittenAgain.Count;
        parts.Add(again == 0
            ? "wrote none twice"
            : $"wrote {again} item{(again == 1 ? "" : "s")} {(trial.MostWrites == 2 ? "twice" : "more than once")}");
        var missing = trial.ItemsMissing.Count;
        if (missing > 0) parts.Add($"left {missing} item{(missing == 1 ? "" : "s")} missing");
        return $"{who} {Join(parts)}";
    }

    static string Join(List<string> parts) => parts.Count switch
    {
        1 => parts[0],
        _ => string.Join(", ", parts[..^1]) + " and " + parts[^1],
    };

    /// <summary>The trials a comparison starts with: the latest baseline and the latest improved, else the latest two.</summary>
    public static (long? First, long? Second) Defaults(IReadOnlyList<TrialSummary> newestFirst)
    {
        var baseline = newestFirst.FirstOrDefault(t => t.Kind == "baseline");
        var improved = newestFirst.FirstOrDefault(t => t.Kind == "improved");
        if (baseline is not null && improved is not null) return (baseline.Id, improved.Id);
        var ran = newestFirst.Where(t => t.Kind != "none").Take(2).Reverse().ToList();
        return ran.Count switch
        {
            2 => (ran[0].Id, ran[1].Id),
            1 => (ran[0].Id, null),
            _ => (null, null),
        };
    }
}
