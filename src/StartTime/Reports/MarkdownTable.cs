namespace ChaosDashboard.StartTime.Reports;

/// <summary>
/// Writes a pipe table whose columns are padded to their widest cell, like the sample's pandas output.
/// Rows are produced twice (once to measure, once to write) so a large table is never held in memory.
/// </summary>
internal sealed class MarkdownTable(IReadOnlyList<MarkdownTable.Column> columns)
{
    public readonly record struct Column(string Header, bool AlignRight);

    public void Write(TextWriter writer, Func<IEnumerable<string[]>> rows)
    {
        int[] widths = columns.Select(column => Math.Max(3, column.Header.Length)).ToArray();
        foreach (string[] row in rows())
        {
            for (int i = 0; i < widths.Length; i++)
            {
                widths[i] = Math.Max(widths[i], Escape(row[i]).Length);
            }
        }

        WriteRow(writer, columns.Select(column => column.Header).ToArray(), widths, escape: false);
        writer.Write('|');
        for (int i = 0; i < widths.Length; i++)
        {
            // The alignment row: ':---' left, '---:' right, as pandas writes it.
            writer.Write(columns[i].AlignRight ? new string('-', widths[i] + 1) + ":|" : ":" + new string('-', widths[i] + 1) + "|");
        }

        writer.WriteLine();
        foreach (string[] row in rows())
        {
            WriteRow(writer, row, widths, escape: true);
        }
    }

    private void WriteRow(TextWriter writer, string[] cells, int[] widths, bool escape)
    {
        writer.Write('|');
        for (int i = 0; i < widths.Length; i++)
        {
            string cell = escape ? Escape(cells[i]) : cells[i];
            writer.Write(' ');
            writer.Write(columns[i].AlignRight ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]));
            writer.Write(" |");
        }

        writer.WriteLine();
    }

    /// <summary>A '|' would end the cell and a line break the row.</summary>
    private static string Escape(string cell) =>
        cell.AsSpan().IndexOfAny('|', '\n', '\r') < 0
            ? cell
            : cell.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
