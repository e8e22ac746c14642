using ChaosDashboard.StartTimeAnalysis.Analysis;
using ChaosDashboard.StartTimeAnalysis.Sources;

namespace ChaosDashboard.StartTimeAnalysis.Reports;

/// <summary>What went into a report and what was left out: printed under the tables.</summary>
public sealed record InputSummary
{
    public IReadOnlyList<InputSource> Sources { get; init; } = [];
    public long Messages { get; init; }
    public long TaskEvents { get; init; }
    public long DuplicateDeliveries { get; init; }
    public long OtherKinds { get; init; }
    public long OtherClusters { get; init; }
    public long Malformed { get; init; }
    public IReadOnlyList<MalformedInput> MalformedExamples { get; init; } = [];
    /// <summary>Set when the tasks were read from a database rather than from events.</summary>
    public string? DatabasePath { get; init; }

    public static InputSummary From(InputTally tally, TaskTable tasks) => From(tally, tasks.DuplicateDeliveries);

    public static InputSummary From(InputTally tally, TaskStartMerger merger) => From(tally, merger.DuplicateDeliveries);

    private static InputSummary From(InputTally tally, long duplicateDeliveries) => new()
    {
        Sources = tally.Sources,
        Messages = tally.Messages,
        TaskEvents = tally.TaskEvents,
        DuplicateDeliveries = duplicateDeliveries,
        OtherKinds = tally.OtherKinds,
        OtherClusters = tally.OtherClusters,
        Malformed = tally.Malformed,
        MalformedExamples = tally.MalformedExamples,
    };

    /// <summary>The footer as plain lines; malformed examples are indented under their count.</summary>
    public IEnumerable<string> Lines(StartTimeReport report)
    {
        int tasks = report.Tasks.Count;
        int notStarted = report.NotStarted;
        if (DatabasePath is not null)
        {
            yield return $"source: database {DatabasePath}: {Count(tasks, "task")}, {notStarted} never started";
            if (ImplausibleLine(report) is string implausibleInDatabase)
            {
                yield return implausibleInDatabase;
            }

            yield break;
        }

        yield return "sources: " + (Sources.Count == 0 ? "none" : string.Join(", ", Sources.Select(s => $"{s.Name} ({s.Kind})")));
        yield return $"{Count(Messages, "message")} read: {Count(TaskEvents, "task event")} "
                     + $"({Count(DuplicateDeliveries, "duplicate delivery", "duplicate deliveries")}) "
                     + $"of {Count(tasks, "task")}, {notStarted} never started";
        yield return $"ignored: {Count(OtherKinds, "event")} of another kind, {Count(OtherClusters, "task event")} of another cluster";
        yield return $"malformed: {Malformed}" + (Malformed > MalformedExamples.Count ? $" (first {MalformedExamples.Count} shown)" : "");
        foreach (MalformedInput example in MalformedExamples)
        {
            yield return "  " + example;
        }

        if (ImplausibleLine(report) is string implausible)
        {
            yield return implausible;
        }
    }

    /// <summary>Said only when there are such tasks, so reports of sound data read as they always did.</summary>
    private static string? ImplausibleLine(StartTimeReport report) =>
        report.Implausible == 0
            ? null
            : $"implausible: {Count(report.Implausible, "task")} with a phase below zero or longer than a day, "
              + "marked in the per-task table and left out of every figure";

    private static string Count(long count, string one, string? many = null) =>
        count == 1 ? $"1 {one}" : $"{count} {many ?? one + "s"}";
}
