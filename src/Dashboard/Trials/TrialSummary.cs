using ChaosDashboard.Experiment;

namespace ChaosDashboard.Trials;

/// <summary>What the trials page lists for one trial, kept up to date as it is recorded.</summary>
public sealed record TrialSummary
{
    public long Id { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset LastChangeAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    /// <summary>Why the trial ended: the table was cleared, or the dashboard restarted.</summary>
    public string? EndReason { get; init; }
    public bool Recording { get; init; }
    public bool Imported { get; init; }
    public string Mode { get; init; } = "sandbox";
    /// <summary>The header's "Sandbox: …" or "AWS account 123456789012 · us-west-2".</summary>
    public string Where { get; init; } = "";
    public IReadOnlyList<string> TaskDefinitions { get; init; } = [];
    /// <summary>"baseline", "improved", "mixed", or "none" when no task ran.</summary>
    public string Kind { get; init; } = "none";
    public VerdictStatus Verdict { get; init; }
    public string Headline { get; init; } = "";
    public int ItemsPresent { get; init; }
    public int ItemWrites { get; init; }
    public int BatchSize { get; init; }
    public IReadOnlyList<int> ItemsWrittenAgain { get; init; } = [];
    /// <summary>The most times any one item was written.</summary>
    public int MostWrites { get; init; }
    public IReadOnlyList<int> ItemsMissing { get; init; } = [];
    public double? SecondsFromStopToNextWrite { get; init; }
    /// <summary>Where the run after the last interruption started; null when there was none.</summary>
    public int? RestartedAt { get; init; }
    public int LogLines { get; init; }
    public int Changes { get; init; }

    /// <summary>From the first change to the last: a table left uncleared overnight does not make a long trial.</summary>
    public TimeSpan Duration => LastChangeAt - StartedAt;

    /// <summary>Sums up the state a trial's changes built: its runs are the tasks of its own live trial.</summary>
    public static TrialSummary From(Snapshot state, TrialSummary header)
    {
        var tasks = state.Tasks.Where(t => t.Trial == state.Trial).OrderBy(t => t.Began).ToList();
        var kinds = tasks.Select(t => t.Kind).Distinct().ToList();
        var runs = state.Verdict.Runs;
        var lastInterruption = runs.ToList().FindLastIndex(r => r.Interrupted);
        return header with
        {
            Mode = state.Settings.Mode is { Length: > 0 } m ? m : state.Mode,
            Where = state.Settings.Where,
            TaskDefinitions = tasks.Select(t => t.TaskDefinition).Distinct().ToList(),
            Kind = kinds.Count switch { 0 => "none", 1 => kinds[0] == TaskKind.Baseline ? "baseline" : "improved", _ => "mixed" },
            Verdict = state.Verdict.Status,
            Headline = state.Verdict.Headline,
            ItemsPresent = state.Items.Count(i => i.Present),
            ItemWrites = state.Items.Sum(i => i.WriteCount),
            BatchSize = state.BatchSize,
            ItemsWrittenAgain = state.Items.Where(i => i.WriteCount > 1).Select(i => i.Index).ToList(),
            MostWrites = state.Items.Select(i => i.WriteCount).DefaultIfEmpty(0).Max(),
            ItemsMissing = state.Items.Where(i => !i.Present).Select(i => i.Index).ToList(),
            SecondsFromStopToNextWrite = runs.Select(r => r.SecondsFromStopToNextWrite).FirstOrDefault(s => s is not null),
            RestartedAt = lastInterruption >= 0 && lastInterruption < runs.Count - 1 ? runs[lastInterruption + 1].StartIndex : null,
        };
    }

    /// <summary>"sandbox", or "AWS account 123456789012 · us-west-2".</summary>
    public string ModeText => Mode == "aws" ? (Where.Length > 0 ? Where : "AWS") : "sandbox";
}
