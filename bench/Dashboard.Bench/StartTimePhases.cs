using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ChaosDashboard.StartTimeAnalysis.Analysis;
using ChaosDashboard.StartTimeAnalysis.Events;
using ChaosDashboard.StartTimeAnalysis.Sources;

namespace ChaosDashboard.Bench;

/// <summary>
/// Where the report's time goes, on one thread: reading the file, checking UTF-8, the fast scanner,
/// and merging into the task table. Says how many lines the scanner left to the full parser.
/// </summary>
internal static class StartTimePhases
{
    public static Command CreateCommand()
    {
        var file = new Argument<string>("file") { Description = "A JSON lines capture" };
        var command = new Command("start-time-phases", "Time each phase of reading a capture on one thread") { file };
        command.SetAction(parseResult =>
        {
            Run(parseResult.GetValue(file)!, parseResult.InvocationConfiguration.Output);
            return 0;
        });
        return command;
    }

    private static void Run(string path, TextWriter output)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Report(output, "read the file", Stopwatch.StartNew(), bytes.Length);
        var lines = new List<(int Start, int Length)>();
        var split = Stopwatch.StartNew();
        for (int start = 0; start < bytes.Length;)
        {
            int newline = bytes.AsSpan(start).IndexOf((byte)'\n');
            int length = newline < 0 ? bytes.Length - start : newline;
            lines.Add((start, length));
            start += length + 1;
        }

        Report(output, "split into lines", split, bytes.Length);
        var utf8 = Stopwatch.StartNew();
        int invalid = 0;
        foreach (var (start, length) in lines)
        {
            invalid += System.Text.Unicode.Utf8.IsValid(bytes.AsSpan(start, length)) ? 0 : 1;
        }

        Report(output, $"UTF-8 check ({invalid} invalid)", utf8, bytes.Length);
        var scanner = new TaskEventScanner(new StringPool(), everyField: false);
        var counts = new int[3];
        var observations = new List<TaskObservation>(lines.Count);
        var scan = Stopwatch.StartNew();
        foreach (var (start, length) in lines)
        {
            ScanOutcome outcome = scanner.Scan(bytes.AsSpan(start, length), out TaskObservation observation);
            counts[(int)outcome]++;
            if (outcome == ScanOutcome.TaskEvent)
            {
                observations.Add(observation);
            }
        }

        Report(output, $"scanner ({counts[0]:N0} task events, {counts[1]:N0} other kinds, {counts[2]:N0} left to the parser)", scan, bytes.Length);
        var parser = new TaskStateChangeParser();
        var parse = Stopwatch.StartNew();
        foreach (var (start, length) in lines)
        {
            parser.Parse(bytes.AsSpan(start, length), out _, out _);
        }

        Report(output, "the full parser on every line (for comparison)", parse, bytes.Length);
        // One typical line, over and over: the scanner's and the parser's cost per event without the file.
        var (lineStart, lineLength) = lines[3];
        var one = bytes.AsSpan(lineStart, lineLength);
        var repeat = Stopwatch.StartNew();
        for (int i = 0; i < 1_000_000; i++)
        {
            scanner.Scan(one, out _);
        }

        Report(output, $"scanner, one {lineLength}-byte line a million times", repeat, 1_000_000L * lineLength);
        repeat.Restart();
        for (int i = 0; i < 1_000_000; i++)
        {
            parser.Parse(one, out _, out _);
        }

        Report(output, "parser, the same", repeat, 1_000_000L * lineLength);
        var table = new TaskTable();
        var merge = Stopwatch.StartNew();
        foreach (TaskObservation observation in observations)
        {
            table.Add(in observation);
        }

        Report(output, $"merge into {table.TaskCount:N0} tasks", merge, bytes.Length);
        var build = Stopwatch.StartNew();
        StartTimeReport report = StartTimeReport.Build(table);
        Report(output, $"statistics of {report.Groups.Count} task definitions", build, bytes.Length);
    }

    private static TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>Wall and CPU time of the phase: on shared cores the CPU time is the steadier figure.</summary>
    private static void Report(TextWriter output, string phase, Stopwatch watch, long bytes)
    {
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        double cpuSeconds = (cpu - _cpu).TotalSeconds;
        _cpu = cpu;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{phase}: {watch.Elapsed.TotalSeconds:N3} s wall, {cpuSeconds:N3} s CPU ({cpuSeconds * 1e9 / bytes:N2} ns of CPU per byte)"));
    }
}
