using System.Text;

namespace ChaosDashboard.StartTimeAnalysis.Reports;

/// <summary>
/// Writes a pipe table whose columns are padded to their widest cell, like the sample's pandas output.
/// Rows are produced twice (once to measure, once to write) so a large table is never held in memory;
/// lines are gathered and written 64 KB at a time, so an unbuffered writer (a console) is not called per cell.
/// </summary>
internal sealed class MarkdownTable(IReadOnlyList<MarkdownTable.Column> columns)
{
    private const int FlushChars = 1 << 16;

    public readonly record struct Column(string Header, bool AlignRight);

    public void Write(TextWriter writer, Func<IEnumerable<string[]>> rows)
    {
        int[] widths = columns.Select(column => Math.Max(3, column.Header.Length)).ToArray();
        foreach (string[] row in rows())
        {
            for (int i = 0; i < widths.Length; i++)
            {
                widths[i] = Math.Max(widths[i], EscapedLength(row[i]));
            }
        }

        var text = new StringBuilder(FlushChars + 1024);
        AppendRow(text, columns.Select(column => column.Header).ToArray(), widths, escape: false, writer.NewLine);
        text.Append('|');
        for (int i = 0; i < widths.Length; i++)
        {
            // The alignment row: ':---' left, '---:' right, as pandas writes it.
            if (columns[i].AlignRight)
            {
                text.Append('-', widths[i] + 1).Append(":|");
            }
            else
            {
                text.Append(':').Append('-', widths[i] + 1).Append('|');
            }
        }

        text.Append(writer.NewLine);
        foreach (string[] row in rows())
        {
            AppendRow(text, row, widths, escape: true, writer.NewLine);
            if (text.Length >= FlushChars)
            {
                Flush(writer, text);
            }
        }

        Flush(writer, text);
    }

    private static void Flush(TextWriter writer, StringBuilder text)
    {
        foreach (ReadOnlyMemory<char> chunk in text.GetChunks())
        {
            writer.Write(chunk.Span);
        }

        text.Clear();
    }

    private void AppendRow(StringBuilder text, string[] cells, int[] widths, bool escape, string newLine)
    {
        text.Append('|');
        for (int i = 0; i < widths.Length; i++)
        {
            string cell = escape ? Escape(cells[i]) : cells[i];
            text.Append(' ');
            if (columns[i].AlignRight)
            {
                text.Append(' ', widths[i] - cell.Length).Append(cell);
            }
            else
            {
                text.Append(cell).Append(' ', widths[i] - cell.Length);
            }

            text.Append(" |");
        }

        text.Append(newLine);
    }

    private static int EscapedLength(string cell) => cell.AsSpan().IndexOfAny('|', '\n', '\r') < 0 ? cell.Length : Escape(cell).Length;

    /// <summary>A '|' would end the cell and a line break the row.</summary>
    private static string Escape(string cell) =>
        cell.AsSpan().IndexOfAny('|', '\n', '\r') < 0
            ? cell
            : cell.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
