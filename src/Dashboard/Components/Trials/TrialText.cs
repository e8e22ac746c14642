using System.Globalization;
using ChaosDashboard.Experiment;
using ChaosDashboard.Trials;

namespace ChaosDashboard.Components.Trials;

/// <summary>How the trial pages print a trial's figures.</summary>
public static class TrialText
{
    public static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan span) => span.TotalSeconds < 60
        ? $"{Math.Max(0, span.TotalSeconds):0} s"
        : span.TotalHours < 1 ? $"{(int)span.TotalMinutes} min {span.Seconds:00} s" : $"{(int)span.TotalHours} h {span.Minutes:00} min";

    public static string Verdict(VerdictStatus status) => status switch
    {
        VerdictStatus.Confirmed => "confirmed",
        VerdictStatus.Refuted => "refuted",
        VerdictStatus.InProgress => "in progress",
        _ => "not tested",
    };

    public static string StatusName(VerdictStatus status) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(status.ToString());

    public static string Items(IReadOnlyList<int> items) => items.Count == 0 ? "none" : $"{items.Count} ({VerdictCalculator.Ranges(items)})";

    public static string Seconds(double? seconds) => seconds is { } s ? $"{s.ToString("0.#", CultureInfo.InvariantCulture)} s" : "–";

    /// <summary>"baseline trial 7 · 2026-12-02 12:43 UTC": how a trial is named in a list to choose from.</summary>
    public static string Name(TrialSummary t) => $"Trial {t.Id} · {t.Kind} · {Date(t.StartedAt)}";

    /// <summary>"in the sandbox" or "in AWS mode (AWS account 123456789012 · us-west-2)".</summary>
    public static string Where(TrialSummary t) => t.Mode == "aws" ? $"in AWS mode ({(t.Where.Length > 0 ? t.Where : "account unknown")})" : "in the sandbox";
}
