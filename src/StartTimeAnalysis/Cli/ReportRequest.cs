using ChaosDashboard.StartTimeAnalysis.Analysis;
using ChaosDashboard.StartTimeAnalysis.Reports;

namespace ChaosDashboard.StartTimeAnalysis.Cli;

/// <summary>What the <c>report</c> command was asked to do, once its options are read and checked.</summary>
public sealed record ReportRequest
{
    /// <summary>Saved events: JSON lines or get-/filter-log-events output, detected per file.</summary>
    public IReadOnlyList<string> EventFiles { get; init; } = [];
    /// <summary>A CloudWatch Logs log group to read completely.</summary>
    public string? LogGroup { get; init; }
    /// <summary>With <see cref="LogGroup"/>: only events logged since then.</summary>
    public DateTimeOffset? Since { get; init; }
    /// <summary>Keep only this cluster's tasks (name or ARN).</summary>
    public string? Cluster { get; init; }
    public ReportFormat Format { get; init; } = ReportFormat.Markdown;
    public ReportTables Tables { get; init; } = ReportTables.All;
    /// <summary>
    /// A SQLite file: the tasks read are also saved there; with no event source, the report is made
    /// from what it holds.
    /// </summary>
    public string? DatabasePath { get; init; }
    public (GroupSelector First, GroupSelector Second)? Compare { get; init; }

    public bool HasEventSource => EventFiles.Count > 0 || LogGroup is not null;
}

/// <summary>The command's exit codes.</summary>
public static class ReportExitCodes
{
    public const int Success = 0;
    /// <summary>Bad options or unusable input (missing file, unreadable database, failed read).</summary>
    public const int InputError = 1;
    /// <summary>--log-group was given but no AWS access is configured.</summary>
    public const int AwsNotConfigured = 2;
}
