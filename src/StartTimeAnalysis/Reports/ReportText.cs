using System.Globalization;
using System.Runtime.CompilerServices;
using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimeAnalysis.Reports;

/// <summary>
/// How values are written in every format, so markdown, CSV and JSON agree. Timestamps and
/// per-task durations are whole milliseconds, so they are written digit by digit: exact, and
/// several times faster than custom format strings over hundreds of thousands of rows.
/// </summary>
internal static class ReportText
{
    /// <summary>Shown in place of startedAt for a task that never started.</summary>
    public const string NotStarted = "not started";

    /// <summary>After a duration below zero or longer than a day, in per-task tables.</summary>
    public const string ImplausibleMark = " (implausible)";

    /// <summary>A task's duration; one that cannot be right is marked (and left out of the figures).</summary>
    public static string TaskSeconds(TimeSpan? value) =>
        Analysis.TaskStartRow.IsImplausible(value) ? Seconds(value) + ImplausibleMark : Seconds(value);

    /// <summary>ISO-8601 UTC with milliseconds, e.g. <c>2023-03-03T11:24:56.866Z</c>; empty when missing.</summary>
    public static string Timestamp(DateTimeOffset? value)
    {
        if (value is not DateTimeOffset instant)
        {
            return "";
        }

        Span<char> text = stackalloc char[24];
        return new string(text[..WriteTimestamp(instant.UtcDateTime, text)]);
    }

    /// <summary>The same into <paramref name="destination"/>, for writers that make no string per cell; the length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int WriteTimestamp(DateTime utc, Span<char> destination)
    {
        Span<char> span = destination[..24];
        Digits(span[..4], utc.Year);
        span[4] = '-';
        Digits(span.Slice(5, 2), utc.Month);
        span[7] = '-';
        Digits(span.Slice(8, 2), utc.Day);
        span[10] = 'T';
        Digits(span.Slice(11, 2), utc.Hour);
        span[13] = ':';
        Digits(span.Slice(14, 2), utc.Minute);
        span[16] = ':';
        Digits(span.Slice(17, 2), utc.Second);
        span[19] = '.';
        Digits(span.Slice(20, 3), utc.Millisecond);
        span[23] = 'Z';
        return 24;
    }

    /// <summary>Seconds with millisecond precision, e.g. <c>4.847</c>; empty when missing.</summary>
    public static string Seconds(TimeSpan? value)
    {
        if (value is not TimeSpan span)
        {
            return "";
        }

        Span<char> text = stackalloc char[32];
        return new string(text[..WriteSeconds(span, text)]);
    }

    /// <summary>The same into <paramref name="destination"/>; the length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int WriteSeconds(TimeSpan span, Span<char> destination)
    {
        // Durations between millisecond timestamps are whole milliseconds; round in case one is not.
        long milliseconds = (long)Math.Round(span.Ticks / (double)TimeSpan.TicksPerMillisecond, MidpointRounding.AwayFromZero);
        ulong magnitude = milliseconds < 0 ? (ulong)-milliseconds : (ulong)milliseconds;
        int at = 0;
        if (milliseconds < 0)
        {
            destination[at++] = '-';
        }

        ((ulong)(magnitude / 1000)).TryFormat(destination[at..], out int written, default, CultureInfo.InvariantCulture);
        at += written;
        destination[at++] = '.';
        Digits(destination.Slice(at, 3), (int)(magnitude % 1000));
        return at + 3;
    }

    public static string Seconds(double? seconds) =>
        seconds is double value ? value.ToString("F3", CultureInfo.InvariantCulture) : "";

    public static string Ratio(double? ratio) =>
        ratio is double value ? value.ToString("F2", CultureInfo.InvariantCulture) : "";

    /// <summary>The revision, or <c>unknown</c>: never a silent 0.</summary>
    public static string Revision(int? revision) =>
        revision is int value ? value.ToString(CultureInfo.InvariantCulture) : TaskDefinitionName.UnknownRevisionText;

    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Digits(Span<char> destination, int value)
    {
        for (int i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }
}
