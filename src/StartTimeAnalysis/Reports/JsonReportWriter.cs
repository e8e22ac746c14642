using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using ChaosDashboard.StartTimeAnalysis.Analysis;
using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimeAnalysis.Reports;

/// <summary>
/// The report as one JSON document: <c>tasks</c>, <c>groups</c>, <c>comparison</c> (when asked) and
/// <c>input</c> (the counts also printed as a footer). Durations are seconds; missing values are null.
/// Written in chunks, so a large report never sits in memory as one string.
/// </summary>
public static class JsonReportWriter
{
    private const int FlushThresholdBytes = 64 * 1024;

    public static void Write(StartTimeReport report, InputSummary? input, TextWriter writer, ReportTables tables = ReportTables.All)
    {
        var buffer = new ArrayBufferWriter<byte>(FlushThresholdBytes * 2);
        using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true });

        // One buffer of characters for every chunk: a string per chunk would be a large object each time.
        char[] chars = [];

        void WriteOut()
        {
            int needed = Encoding.UTF8.GetMaxCharCount(buffer.WrittenCount);
            if (chars.Length < needed)
            {
                chars = new char[needed];
            }

            int count = Encoding.UTF8.GetChars(buffer.WrittenSpan, chars);
            writer.Write(chars, 0, count);
            buffer.ResetWrittenCount();
        }

        void FlushIfLarge()
        {
            json.Flush();
            if (buffer.WrittenCount >= FlushThresholdBytes)
            {
                WriteOut();
            }
        }

        json.WriteStartObject();
        if (tables.HasFlag(ReportTables.Tasks))
        {
            json.WriteStartArray("tasks");
            if (report.Tasks is TaskRowList rows)
            {
                // Straight from the task table: no row object or string is made per task.
                var text = new TaskText();
                foreach (CompactTaskRow row in rows.CompactRows())
                {
                    WriteTask(json, row, ref text);
                    FlushIfLarge();
                }
            }
            else
            {
                foreach (TaskStartRow task in report.Tasks)
                {
                    WriteTask(json, task);
                    FlushIfLarge();
                }
            }

            json.WriteEndArray();
        }

        if (tables.HasFlag(ReportTables.Groups))
        {
            json.WriteString("percentileMethod", "linear interpolation between closest ranks (numpy default)");
            json.WriteStartArray("groups");
            foreach (GroupSummary summary in report.Groups)
            {
                WriteGroup(json, summary);
                FlushIfLarge();
            }

            json.WriteEndArray();
        }

        if (tables.HasFlag(ReportTables.Comparison) && report.Comparison is GroupComparison comparison)
        {
            WriteComparison(json, comparison);
        }

        if (input is not null)
        {
            WriteInput(json, input, report);
        }

        json.WriteEndObject();
        json.Flush();
        WriteOut();
        writer.WriteLine();
    }

    private static void WriteTask(Utf8JsonWriter json, TaskStartRow task)
    {
        json.WriteStartObject();
        json.WriteString("taskId", task.TaskId);
        json.WriteString("taskArn", task.TaskArn);
        json.WriteString("family", task.Family);
        WriteNumberOrNull(json, "revision", task.Revision);
        WriteStringOrNull(json, "lastStatus", task.LastStatus);
        WriteTimestamp(json, "createdAt", task.CreatedAt);
        WriteTimestamp(json, "pullStartedAt", task.PullStartedAt);
        WriteTimestamp(json, "pullStoppedAt", task.PullStoppedAt);
        WriteTimestamp(json, "startedAt", task.StartedAt);
        json.WriteBoolean("started", task.Started);
        foreach (StartMeasure measure in StartMeasures.All)
        {
            WriteSeconds(json, measure.Key() + "Seconds", task.Measure(measure)?.TotalSeconds);
        }

        if (task.Implausible)
        {
            // Only on such tasks: left out of the figures (see input.implausible).
            json.WriteBoolean("implausible", true);
        }

        json.WriteEndObject();
    }

    /// <summary>"totalSeconds" and the others, by <see cref="StartMeasure"/>: named once, not once per row.</summary>
    private static readonly string[] SecondsNames = Enum.GetValues<StartMeasure>().Select(measure => measure.Key() + "Seconds").ToArray();

    /// <summary>Room for a compact row's id, ARN and times, reused from row to row.</summary>
    private struct TaskText()
    {
        public char[] Arn = new char[128];
        public char[] Cell = new char[32];
    }

    /// <summary>The same object as <see cref="WriteTask(Utf8JsonWriter, TaskStartRow)"/> writes for the row's <see cref="TaskStartRow"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteTask(Utf8JsonWriter json, in CompactTaskRow row, ref TaskText text)
    {
        json.WriteStartObject();
        ReadOnlySpan<char> taskId = row.Key.IdText is { } idText ? idText : text.Cell.AsSpan(0, row.Key.WriteHexId(text.Cell));
        json.WriteString("taskId", taskId);
        int arnLength = row.Key.Prefix.Length + taskId.Length;
        if (text.Arn.Length < arnLength)
        {
            text.Arn = new char[arnLength * 2];
        }

        row.Key.Prefix.CopyTo(text.Arn);
        taskId.CopyTo(text.Arn.AsSpan(row.Key.Prefix.Length));
        json.WriteString("taskArn", text.Arn.AsSpan(0, arnLength));
        json.WriteString("family", row.Definition.Family);
        WriteNumberOrNull(json, "revision", row.Definition.Revision);
        WriteStringOrNull(json, "lastStatus", row.LastStatus);
        WriteTimestamp(json, "createdAt", row.CreatedAt, text.Cell);
        WriteTimestamp(json, "pullStartedAt", row.PullStartedAt, text.Cell);
        WriteTimestamp(json, "pullStoppedAt", row.PullStoppedAt, text.Cell);
        WriteTimestamp(json, "startedAt", row.StartedAt, text.Cell);
        json.WriteBoolean("started", row.StartedAt != TaskObservation.Missing);
        bool implausible = false;
        foreach (StartMeasure measure in StartMeasures.All)
        {
            long milliseconds = row.Measure((int)measure);
            TimeSpan? duration = milliseconds == TaskObservation.Missing ? null : new TimeSpan(milliseconds * TimeSpan.TicksPerMillisecond);
            implausible |= TaskStartRow.IsImplausible(duration);
            WriteSeconds(json, SecondsNames[(int)measure], duration?.TotalSeconds);
        }

        if (implausible)
        {
            json.WriteBoolean("implausible", true);
        }

        json.WriteEndObject();
    }

    private static void WriteTimestamp(Utf8JsonWriter json, string name, long milliseconds, Span<char> cell)
    {
        if (milliseconds == TaskObservation.Missing)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, cell[..ReportText.WriteTimestamp(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime, cell)]);
        }
    }

    private static void WriteGroup(Utf8JsonWriter json, GroupSummary summary)
    {
        json.WriteStartObject();
        json.WriteString("family", summary.Family);
        WriteNumberOrNull(json, "revision", summary.Revision);
        json.WriteNumber("tasks", summary.Tasks);
        json.WriteNumber("notStarted", summary.NotStarted);
        json.WriteStartObject("seconds");
        foreach (StartMeasure measure in StartMeasures.All)
        {
            WriteStatistics(json, measure.Key(), summary[measure]);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteComparison(Utf8JsonWriter json, GroupComparison comparison)
    {
        json.WriteStartObject("comparison");
        json.WriteString("first", comparison.First.ToString());
        json.WriteString("second", comparison.Second.ToString());
        json.WriteString("timesFaster", "median of second / median of first");
        json.WriteStartObject("measures");
        foreach (MeasureComparison m in comparison.Measures)
        {
            json.WriteStartObject(m.Measure.Key());
            json.WriteNumber("firstN", m.First?.Count ?? 0);
            WriteSeconds(json, "firstMedianSeconds", m.First?.Median);
            json.WriteNumber("secondN", m.Second?.Count ?? 0);
            WriteSeconds(json, "secondMedianSeconds", m.Second?.Median);
            WriteSeconds(json, "timesFaster", m.SpeedUp);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteInput(Utf8JsonWriter json, InputSummary input, StartTimeReport report)
    {
        json.WriteStartObject("input");
        if (input.DatabasePath is not null)
        {
            json.WriteString("database", input.DatabasePath);
        }

        json.WriteStartArray("sources");
        foreach (var source in input.Sources)
        {
            json.WriteStartObject();
            json.WriteString("name", source.Name);
            json.WriteString("kind", source.Kind);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("messages", input.Messages);
        json.WriteNumber("taskEvents", input.TaskEvents);
        json.WriteNumber("duplicateDeliveries", input.DuplicateDeliveries);
        json.WriteNumber("tasks", report.Tasks.Count);
        json.WriteNumber("notStarted", report.NotStarted);
        if (report.Implausible > 0)
        {
            json.WriteNumber("implausible", report.Implausible);
        }

        json.WriteNumber("otherKinds", input.OtherKinds);
        json.WriteNumber("otherClusters", input.OtherClusters);
        json.WriteNumber("malformed", input.Malformed);
        json.WriteStartArray("malformedExamples");
        foreach (var example in input.MalformedExamples)
        {
            json.WriteStartObject();
            json.WriteString("source", example.Position.Source);
            json.WriteString("unit", example.Position.Unit);
            json.WriteNumber("number", example.Position.Number);
            json.WriteString("reason", example.Reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteStatistics(Utf8JsonWriter json, string name, DurationStatistics? statistics)
    {
        if (statistics is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteNumber("n", statistics.Count);
        WriteSeconds(json, "mean", statistics.Mean);
        WriteSeconds(json, "median", statistics.Median);
        WriteSeconds(json, "p90", statistics.P90);
        WriteSeconds(json, "min", statistics.Min);
        WriteSeconds(json, "max", statistics.Max);
        json.WriteEndObject();
    }

    /// <summary>Rounded to the microsecond: inputs are milliseconds, so more digits would only be float noise.</summary>
    private static void WriteSeconds(Utf8JsonWriter json, string name, double? seconds)
    {
        if (seconds is double value)
        {
            json.WriteNumber(name, Math.Round(value, 6));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteTimestamp(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, ReportText.Timestamp(value));
        }
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, int? value)
    {
        if (value is int number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteStringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
