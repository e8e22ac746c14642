using ChaosDashboard.StartTimeAnalysis.Analysis;

namespace ChaosDashboard.StartTimeAnalysis.Reports;

/// <summary>
/// The report as RFC 4180 CSV: each table with its own header line, tables separated by one empty line.
/// Use <see cref="ReportTables"/> to print a single table for tools that expect one.
/// </summary>
public static class CsvReportWriter
{
    public static void Write(StartTimeReport report, TextWriter writer, ReportTables tables = ReportTables.All)
    {
        bool first = true;
        if (tables.HasFlag(ReportTables.Tasks))
        {
            Separate(writer, ref first);
            WriteRow(writer, "taskId", "taskArn", "family", "revision", "lastStatus", "createdAt", "pullStartedAt",
                "pullStoppedAt", "startedAt", "started", "totalSeconds", "provisioningSeconds", "imagePullSeconds",
                "containerStartSeconds");
            foreach (TaskStartRow task in TaskRowsText.TryWriteCsv(report, writer) ? [] : report.Tasks)
            {
                WriteRow(writer, Text(task.TaskId), Text(task.TaskArn), Text(task.Family), task.Revision?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                    Text(task.LastStatus ?? ""), ReportText.Timestamp(task.CreatedAt), ReportText.Timestamp(task.PullStartedAt),
                    ReportText.Timestamp(task.PullStoppedAt), ReportText.Timestamp(task.StartedAt), task.Started ? "true" : "false",
                    ReportText.TaskSeconds(task.Total), ReportText.TaskSeconds(task.Provisioning), ReportText.TaskSeconds(task.ImagePull),
                    ReportText.TaskSeconds(task.ContainerStart));
            }
        }

        if (tables.HasFlag(ReportTables.Groups))
        {
            Separate(writer, ref first);
            WriteRow(writer, "family", "revision", "tasks", "notStarted", "measure", "n", "meanSeconds", "medianSeconds",
                "p90Seconds", "minSeconds", "maxSeconds");
            foreach (GroupSummary summary in report.Groups)
            {
                foreach (StartMeasure measure in StartMeasures.All)
                {
                    DurationStatistics? statistics = summary[measure];
                    WriteRow(writer, Text(summary.Family), summary.Revision?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                        ReportText.Integer(summary.Tasks), ReportText.Integer(summary.NotStarted), measure.Key(),
                        ReportText.Integer(statistics?.Count ?? 0), ReportText.Seconds(statistics?.Mean),
                        ReportText.Seconds(statistics?.Median), ReportText.Seconds(statistics?.P90),
                        ReportText.Seconds(statistics?.Min), ReportText.Seconds(statistics?.Max));
                }
            }
        }

        if (tables.HasFlag(ReportTables.Comparison) && report.Comparison is GroupComparison comparison)
        {
            Separate(writer, ref first);
            WriteRow(writer, "measure", "first", "firstN", "firstMedianSeconds", "second", "secondN", "secondMedianSeconds", "timesFaster");
            foreach (MeasureComparison m in comparison.Measures)
            {
                WriteRow(writer, m.Measure.Key(), Text(comparison.First.ToString()), ReportText.Integer(m.First?.Count ?? 0),
                    ReportText.Seconds(m.First?.Median), Text(comparison.Second.ToString()), ReportText.Integer(m.Second?.Count ?? 0),
                    ReportText.Seconds(m.Second?.Median), ReportText.Ratio(m.SpeedUp));
            }
        }
    }

    /// <summary>
    /// Text from the input (ids, names, statuses): a cell that a spreadsheet would take for a formula, one
    /// beginning with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return, gets a leading
    /// apostrophe, as spreadsheet programs expect, so it shows as the text it is and never runs.
    /// </summary>
    public static string Text(string field) =>
        field.Length > 0 && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + field : field;

    /// <summary>Quotes a field when it holds a comma, a quote or a line break; quotes inside are doubled.</summary>
    public static string Escape(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0
            ? field
            : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static void WriteRow(TextWriter writer, params string[] fields)
    {
        for (int i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            writer.Write(Escape(fields[i]));
        }

        // RFC 4180 ends records with CRLF; most tools accept LF too, but the standard is unambiguous.
        writer.Write("\r\n");
    }

    private static void Separate(TextWriter writer, ref bool first)
    {
        if (!first)
        {
            writer.Write("\r\n");
        }

        first = false;
    }
}
