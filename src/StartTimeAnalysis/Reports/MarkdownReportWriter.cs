using ChaosDashboard.StartTimeAnalysis.Analysis;

namespace ChaosDashboard.StartTimeAnalysis.Reports;

/// <summary>The report as markdown: the sample's two tables (corrected), the comparison, and the input footer.</summary>
public static class MarkdownReportWriter
{
    public const string PercentileNote =
        "Seconds. Tasks that never started are counted under \"not started\" and left out of the figures. "
        + "Median and p90 by linear interpolation between closest ranks (numpy's default).";

    /// <summary>Added to <see cref="PercentileNote"/> when some tasks have impossible phases.</summary>
    public const string ImplausibleNote =
        "Tasks with a phase below zero or longer than a day are marked implausible in the per-task table and left out of the figures as well.";

    public static void Write(StartTimeReport report, InputSummary? input, TextWriter writer, ReportTables tables = ReportTables.All)
    {
        bool first = true;
        if (tables.HasFlag(ReportTables.Tasks))
        {
            StartSection(writer, "Start time per task", ref first);
            writer.WriteLine("Seconds: total = createdAt → startedAt; provisioning = createdAt → pullStartedAt; "
                             + "image pull = pullStartedAt → pullStoppedAt; container start = pullStoppedAt → startedAt.");
            writer.WriteLine();
            WriteTasks(report, writer);
        }

        if (tables.HasFlag(ReportTables.Groups))
        {
            StartSection(writer, "Start time per task definition (family:revision)", ref first);
            writer.WriteLine(report.Implausible == 0 ? PercentileNote : PercentileNote + " " + ImplausibleNote);
            writer.WriteLine();
            WriteGroups(report, writer);
        }

        if (tables.HasFlag(ReportTables.Comparison) && report.Comparison is GroupComparison comparison)
        {
            StartSection(writer, $"Comparison: {comparison.First} against {comparison.Second}", ref first);
            writer.WriteLine($"Ratio of medians, {comparison.Second} ÷ {comparison.First}: "
                             + $"how many times faster {comparison.First} gets through each phase. Started tasks only.");
            writer.WriteLine();
            WriteComparison(comparison, writer);
        }

        if (input is not null)
        {
            StartSection(writer, "Input", ref first);
            foreach (string line in input.Lines(report))
            {
                // Indented lines are details of the line above: a nested list item.
                writer.WriteLine(line.StartsWith("  ", StringComparison.Ordinal) ? "  - " + line.TrimStart() : "- " + line);
            }
        }
    }

    private static void StartSection(TextWriter writer, string title, ref bool first)
    {
        if (!first)
        {
            writer.WriteLine();
        }

        first = false;
        writer.WriteLine("## " + title);
        writer.WriteLine();
    }

    private static void WriteTasks(StartTimeReport report, TextWriter writer)
    {
        if (TaskRowsText.TryWriteMarkdown(report, writer))
        {
            return;
        }

        var table = new MarkdownTable(
        [
            new("taskId", false), new("family", false), new("revision", true),
            new("createdAt", false), new("pullStartedAt", false), new("pullStoppedAt", false), new("startedAt", false),
            new("total", true), new("provisioning", true), new("image pull", true), new("container start", true),
        ]);
        table.Write(writer, () => report.Tasks.Select(task => new[]
        {
            task.TaskId, task.Family, ReportText.Revision(task.Revision),
            ReportText.Timestamp(task.CreatedAt), ReportText.Timestamp(task.PullStartedAt),
            ReportText.Timestamp(task.PullStoppedAt),
            task.Started ? ReportText.Timestamp(task.StartedAt) : ReportText.NotStarted,
            ReportText.TaskSeconds(task.Total), ReportText.TaskSeconds(task.Provisioning),
            ReportText.TaskSeconds(task.ImagePull), ReportText.TaskSeconds(task.ContainerStart),
        }));
    }

    private static void WriteGroups(StartTimeReport report, TextWriter writer)
    {
        var table = new MarkdownTable(
        [
            new("family", false), new("revision", true), new("tasks", true), new("not started", true),
            new("measure", false), new("n", true), new("mean", true), new("median", true),
            new("p90", true), new("min", true), new("max", true),
        ]);
        table.Write(writer, () =>
            from summary in report.Groups
            from measure in StartMeasures.All
            let statistics = summary[measure]
            select new[]
            {
                summary.Family, ReportText.Revision(summary.Revision),
                ReportText.Integer(summary.Tasks), ReportText.Integer(summary.NotStarted),
                measure.Label(), ReportText.Integer(statistics?.Count ?? 0),
                ReportText.Seconds(statistics?.Mean), ReportText.Seconds(statistics?.Median),
                ReportText.Seconds(statistics?.P90), ReportText.Seconds(statistics?.Min), ReportText.Seconds(statistics?.Max),
            });
    }

    private static void WriteComparison(GroupComparison comparison, TextWriter writer)
    {
        string first = comparison.First.ToString();
        string second = comparison.Second.ToString();
        var table = new MarkdownTable(
        [
            new("measure", false),
            new($"n {first}", true), new($"median {first}", true),
            new($"n {second}", true), new($"median {second}", true),
            new("times faster", true),
        ]);
        table.Write(writer, () => comparison.Measures.Select(m => new[]
        {
            m.Measure.Label(),
            ReportText.Integer(m.First?.Count ?? 0), ReportText.Seconds(m.First?.Median),
            ReportText.Integer(m.Second?.Count ?? 0), ReportText.Seconds(m.Second?.Median),
            ReportText.Ratio(m.SpeedUp),
        }));
    }
}
