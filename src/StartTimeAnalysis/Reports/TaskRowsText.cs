using System.Runtime.CompilerServices;
using System.Text;
using ChaosDashboard.StartTimeAnalysis.Analysis;
using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimeAnalysis.Reports;

/// <summary>
/// The per-task table of a report built from a <see cref="TaskTable"/>, written straight from its compact
/// rows: no object is made per row, batches of rows are formatted on every core into reused buffers and
/// written in order, so a table of a million tasks streams out with one batch held at a time. The same text,
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

        rows.Sort();
        // Each column as wide as its widest cell: measured slice by slice on every core, then the widest of each.
        int[][] sliceWidths = new int[Slices(rows.Count)][];
        bool needsEscape = false;
        Parallel.For(0, sliceWidths.Length, slice =>
        {
            int[] widths = sliceWidths[slice] = MarkdownColumns.Select(column => Math.Max(3, column.Header.Length)).ToArray();
            Span<char> cell = stackalloc char[64];
            (int from, int to) = SliceRange(rows.Count, sliceWidths.Length, slice);
            for (int position = from; position < to; position++)
            {
                CompactTaskRow row = rows.CompactRowAt(position);
                string family = row.Definition.Family;
                if (NeedsMarkdownEscape(family) || (row.Key.IdText is { } id && NeedsMarkdownEscape(id)))
                {
                    Volatile.Write(ref needsEscape, true);
                    return;
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
        });
        if (needsEscape)
        {
            return false;
        }

        int[] widths = new int[MarkdownColumns.Length];
        foreach (int[] slice in sliceWidths)
        {
            for (int i = 0; i < widths.Length; i++)
            {
                widths[i] = Math.Max(widths[i], slice[i]);
            }
        }

        string newLine = writer.NewLine;
        var text = new StringBuilder(FlushChars + 1024);
        text.Append('|');
        for (int i = 0; i < widths.Length; i++)
        {
            Pad(text, MarkdownColumns[i].Header, widths[i], MarkdownColumns[i].Right);
        }

        text.Append(newLine).Append('|');
        for (int i = 0; i < widths.Length; i++)
        {
            // The alignment row: ':---' left, '---:' right, as pandas writes it.
            _ = MarkdownColumns[i].Right ? text.Append('-', widths[i] + 1).Append(":|") : text.Append(':').Append('-', widths[i] + 1).Append('|');
        }

        text.Append(newLine);
        Flush(writer, text);
        WriteInOrder(rows, writer, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (in CompactTaskRow row, StringBuilder text, Span<char> cell) =>
        {
            text.Append('|');
            Pad(text, row.Key.IdText is { } idText ? idText : cell[..row.Key.WriteHexId(cell)], widths[0], right: false);
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

            text.Append(newLine);
        });
        return true;
    }

    /// <summary>Writes the CSV records (after the header the caller wrote); false when the rows are not compact.</summary>
    public static bool TryWriteCsv(StartTimeReport report, TextWriter writer)
    {
        if (report.Tasks is not TaskRowList rows)
        {
            return false;
        }

        rows.Sort();
        WriteInOrder(rows, writer, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (in CompactTaskRow row, StringBuilder text, Span<char> cell) =>
        {
            ReadOnlySpan<char> taskId = row.Key.IdText is { } idText ? idText : cell[..row.Key.WriteHexId(cell)];
            AppendCsv(text, [], taskId);
            text.Append(',');
            AppendCsv(text, row.Key.Prefix, taskId);
            text.Append(',');
            AppendCsv(text, [], row.Definition.Family);
            text.Append(',');
            if (row.Definition.Revision is int revision)
            {
                text.Append(revision);
            }

            text.Append(',');
            AppendCsv(text, [], row.LastStatus);
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
        });
        return true;
    }

    /// <summary>
    /// The CSV field <paramref name="head"/> followed by <paramref name="tail"/>, as <see cref="CsvReportWriter.Escape"/>
    /// and <see cref="CsvReportWriter.Text"/> give it; a plain field (the usual) is appended as it is, without a string made for it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AppendCsv(StringBuilder text, ReadOnlySpan<char> head, ReadOnlySpan<char> tail)
    {
        char first = head.Length > 0 ? head[0] : tail.Length > 0 ? tail[0] : 'a';
        if (first is '=' or '+' or '-' or '@' or '\t' or '\r' || head.IndexOfAny(",\"\r\n") >= 0 || tail.IndexOfAny(",\"\r\n") >= 0)
        {
            text.Append(CsvReportWriter.Escape(CsvReportWriter.Text(string.Concat(head, tail))));
            return;
        }

        text.Append(head).Append(tail);
    }

    private delegate void RowText(in CompactTaskRow row, StringBuilder text, Span<char> cell);

    /// <summary>Rows formatted a batch at a time, each core taking a slice of the batch; the slices are written in order.</summary>
    private const int SliceRows = 2048;

    /// <summary>
    /// Writes every row in report order. Formatting is most of the work, so a batch of rows is formatted on every
    /// core, a slice each into its own buffer, and the buffers are written one after another: what is held at once
    /// is one batch's text, whatever the number of rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteInOrder(TaskRowList rows, TextWriter writer, RowText format)
    {
        int parts = Math.Max(1, Environment.ProcessorCount);
        var buffers = new StringBuilder[parts];
        for (int part = 0; part < parts; part++)
        {
            buffers[part] = new StringBuilder(FlushChars + 1024);
        }

        for (int batch = 0; batch < rows.Count; batch += parts * SliceRows)
        {
            int first = batch;
            Parallel.For(0, parts, part =>
            {
                StringBuilder text = buffers[part];
                Span<char> cell = stackalloc char[64];
                int from = first + (part * SliceRows);
                int to = Math.Min(rows.Count, from + SliceRows);
                for (int position = from; position < to; position++)
                {
                    format(rows.CompactRowAt(position), text, cell);
                }
            });
            foreach (StringBuilder text in buffers)
            {
                Flush(writer, text);
            }
        }
    }

    /// <summary>Slices to measure the rows in: one per core, or one for a small table.</summary>
    private static int Slices(int rows) => rows < 4 * SliceRows ? 1 : Math.Max(1, Environment.ProcessorCount);

    private static (int From, int To) SliceRange(int rows, int slices, int slice)
    {
        int size = (rows + slices - 1) / slices;
        return (Math.Min(rows, slice * size), Math.Min(rows, (slice + 1) * size));
    }

    /// <summary>Time <paramref name="which"/> (created, pull started, pull stopped, started) as the reports write it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    private static void Flush(TextWriter writer, StringBuilder text)
    {
        foreach (ReadOnlyMemory<char> chunk in text.GetChunks())
        {
            writer.Write(chunk.Span);
        }

        text.Clear();
    }
}
