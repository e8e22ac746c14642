using System.Text;
using ChaosDashboard.StartTimeAnalysis.Analysis;
using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimeAnalysis.Reports;

/// <summary>
/// The per-task table of a report built from a <see cref="TaskTable"/>, written straight from its compact
/// rows: each cell is formatted into one reused buffer, no object is made per row, and the text goes out
/// 64 KB at a time, so a table of a million tasks is written as fast as the disk takes it. The same text,
/// character for character, as the general writers produce from <see cref="TaskStartRow"/>s.
/// </summary>
internal static class TaskRowsText
{
    private const int FlushChars = 1 << 16;

    private static readonly (string Header, bool Right)[] MarkdownColumns =
    [
        ("taskId", false), ("family", false), ("revision", true), ("createdAt", false), ("pullStartedAt", false),
        ("pullStoppedAt", false), ("startedAt", false), ("total", true), ("provisioning", true), ("image pull", true),
        ("container start", true),
    ];

    /// <summary>Writes the markdown table; false (nothing written) when the report's rows are not compact, or a cell needs escaping.</summary>
    public static bool TryWriteMarkdown(StartTimeReport report, TextWriter writer)
    {
        if (report.Tasks is not TaskRowList rows)
        {
            return false;
        }

        int[] widths = MarkdownColumns.Select(column => Math.Max(3, column.Header.Length)).ToArray();
        Span<char> cell = stackalloc char[64];
        foreach (CompactTaskRow row in rows.CompactRows())
        {
            string family = row.Definition.Family;
            if (NeedsMarkdownEscape(family) || (row.Key.IdText is { } id && NeedsMarkdownEscape(id)))
            {
                return false;
            }

            widths[0] = Math.Max(widths[0], row.Key.IdText?.Length ?? TaskKey.HexIdLength);
            widths[1] = Math.Max(widths[1], family.Length);
            widths[2] = Math.Max(widths[2], ReportText.Revision(row.Definition.Revision).Length);
            for (int t = 0; t < 4; t++)
            {
                widths[3 + t] = Math.Max(widths[3 + t], Time(row, t, cell, markdown: true));
            }

            for (int m = 0; m < 4; m++)
            {
                widths[7 + m] = Math.Max(widths[7 + m], Duration(row.Measure(m), cell));
            }
        }

        var text = new StringBuilder(FlushChars + 1024);
        text.Append('|');
        for (int i = 0; i < widths.Length; i++)
        {
            Pad(text, MarkdownColumns[i].Header, widths[i], MarkdownColumns[i].Right);
        }

        text.Append(writer.NewLine).Append('|');
        for (int i = 0; i < widths.Length; i++)
        {
            // The alignment row: ':---' left, '---:' right, as pandas writes it.
            _ = MarkdownColumns[i].Right ? text.Append('-', widths[i] + 1).Append(":|") : text.Append(':').Append('-', widths[i] + 1).Append('|');
        }

        text.Append(writer.NewLine);
        foreach (CompactTaskRow row in rows.CompactRows())
        {
            text.Append('|');
            Pad(text, row.Key.IdText is { } idText ? idText : cell[..Id(row.Key, cell)], widths[0], right: false);
            Pad(text, row.Definition.Family, widths[1], right: false);
            Pad(text, ReportText.Revision(row.Definition.Revision), widths[2], right: true);
            for (int t = 0; t < 4; t++)
            {
                Pad(text, cell[..Time(row, t, cell, markdown: true)], widths[3 + t], right: false);
            }

            for (int m = 0; m < 4; m++)
            {
                Pad(text, cell[..Duration(row.Measure(m), cell)], widths[7 + m], right: true);
            }

            text.Append(writer.NewLine);
            FlushIfLarge(writer, text);
        }

        Flush(writer, text);
        return true;
    }

    /// <summary>Writes the CSV records (after the header the caller wrote); false when the rows are not compact.</summary>
    public static bool TryWriteCsv(StartTimeReport report, TextWriter writer)
    {
        if (report.Tasks is not TaskRowList rows)
        {
            return false;
        }

        var text = new StringBuilder(FlushChars + 1024);
        Span<char> cell = stackalloc char[64];
        foreach (CompactTaskRow row in rows.CompactRows())
        {
            string taskId = row.Key.IdText ?? new string(cell[..Id(row.Key, cell)]);
            text.Append(CsvReportWriter.Escape(CsvReportWriter.Text(taskId))).Append(',');
            text.Append(CsvReportWriter.Escape(CsvReportWriter.Text(row.Key.Prefix + taskId))).Append(',');
            text.Append(CsvReportWriter.Escape(CsvReportWriter.Text(row.Definition.Family))).Append(',');
            if (row.Definition.Revision is int revision)
            {
                text.Append(revision);
            }

            text.Append(',').Append(CsvReportWriter.Escape(CsvReportWriter.Text(row.LastStatus ?? "")));
            for (int t = 0; t < 4; t++)
            {
                text.Append(',').Append(cell[..Time(row, t, cell, markdown: false)]);
            }

            text.Append(',').Append(row.StartedAt != TaskObservation.Missing ? "true" : "false");
            for (int m = 0; m < 4; m++)
            {
                text.Append(',').Append(cell[..Duration(row.Measure(m), cell)]);
            }

            text.Append("\r\n");
            FlushIfLarge(writer, text);
        }

        Flush(writer, text);
        return true;
    }

    /// <summary>A 32-hex-digit id into <paramref name="cell"/>; its length.</summary>
    private static int Id(TaskKey key, Span<char> cell)
    {
        UInt128 value = key.HexId;
        for (int i = TaskKey.HexIdLength - 1; i >= 0; i--)
        {
            cell[i] = "0123456789abcdef"[(int)(value & 0xF)];
            value >>= 4;
        }

        return TaskKey.HexIdLength;
    }

    /// <summary>Time <paramref name="which"/> (created, pull started, pull stopped, started) as the reports write it.</summary>
    private static int Time(in CompactTaskRow row, int which, Span<char> cell, bool markdown)
    {
        long milliseconds = which switch { 0 => row.CreatedAt, 1 => row.PullStartedAt, 2 => row.PullStoppedAt, _ => row.StartedAt };
        if (milliseconds == TaskObservation.Missing)
        {
            // In markdown a task that never started says so where its start would be.
            return markdown && which == 3 ? Copy(ReportText.NotStarted, cell) : 0;
        }

        return ReportText.WriteTimestamp(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime, cell);
    }

    /// <summary>A task's duration as <see cref="ReportText.TaskSeconds"/> writes it.</summary>
    private static int Duration(long milliseconds, Span<char> cell)
    {
        if (milliseconds == TaskObservation.Missing)
        {
            return 0;
        }

        var span = new TimeSpan(milliseconds * TimeSpan.TicksPerMillisecond);
        int length = ReportText.WriteSeconds(span, cell);
        return TaskStartRow.IsImplausible(span) ? length + Copy(ReportText.ImplausibleMark, cell[length..]) : length;
    }

    private static int Copy(string text, Span<char> cell)
    {
        text.AsSpan().CopyTo(cell);
        return text.Length;
    }

    private static bool NeedsMarkdownEscape(string cell) => cell.AsSpan().IndexOfAny('|', '\n', '\r') >= 0;

    private static void Pad(StringBuilder text, ReadOnlySpan<char> cell, int width, bool right)
    {
        text.Append(' ');
        if (right)
        {
            text.Append(' ', width - cell.Length).Append(cell);
        }
        else
        {
            text.Append(cell).Append(' ', width - cell.Length);
        }

        text.Append(" |");
    }

    private static void FlushIfLarge(TextWriter writer, StringBuilder text)
    {
        if (text.Length >= FlushChars)
        {
            Flush(writer, text);
        }
    }

    private static void Flush(TextWriter writer, StringBuilder text)
    {
        foreach (ReadOnlyMemory<char> chunk in text.GetChunks())
        {
            writer.Write(chunk.Span);
        }

        text.Clear();
    }
}
