using System.Globalization;
using ChaosDashboard.StartTime.Events;

namespace ChaosDashboard.StartTime.Reports;

/// <summary>How values are written in every format, so markdown, CSV and JSON agree.</summary>
internal static class ReportText
{
    /// <summary>Shown in place of startedAt for a task that never started.</summary>
    public const string NotStarted = "not started";

    /// <summary>ISO-8601 UTC with milliseconds, e.g. <c>2023-03-03T11:24:56.866Z</c>; empty when missing.</summary>
    public static string Timestamp(DateTimeOffset? value) =>
        value is DateTimeOffset instant
            ? instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
            : "";

    /// <summary>Seconds with millisecond precision, e.g. <c>4.847</c>; empty when missing.</summary>
    public static string Seconds(TimeSpan? value) => value is TimeSpan span ? Seconds(span.TotalSeconds) : "";

    public static string Seconds(double? seconds) =>
        seconds is double value ? value.ToString("0.000", CultureInfo.InvariantCulture) : "";

    public static string Ratio(double? ratio) =>
        ratio is double value ? value.ToString("0.00", CultureInfo.InvariantCulture) : "";

    /// <summary>The revision, or <c>unknown</c>: never a silent 0.</summary>
    public static string Revision(int? revision) =>
        revision is int value ? value.ToString(CultureInfo.InvariantCulture) : TaskDefinitionName.UnknownRevisionText;

    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);
}
