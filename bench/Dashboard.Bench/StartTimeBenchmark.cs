using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using ChaosDashboard.StartTime.Cli;
using ChaosDashboard.StartTime.Events;
using ChaosDashboard.StartTime.Reports;
using ChaosDashboard.StartTime.Sandbox;

namespace ChaosDashboard.Bench;

/// <summary>
/// Measures the streaming start-time report on a large JSON lines file of realistic events:
/// each task's PROVISIONING, PENDING and RUNNING events, about 3% delivered twice, 1% of other
/// clusters, 1% of other kinds, and a malformed line every 100,000.
/// </summary>
internal static class StartTimeBenchmark
{
    public static Command CreateCommand()
    {
        var events = new Option<int>("--events") { Description = "How many event lines to generate", DefaultValueFactory = _ => 1_000_000 };
        var format = new Option<ReportFormat>("--format") { Description = "Report format written (to a temp file)", DefaultValueFactory = _ => ReportFormat.Csv };
        var keep = new Option<bool>("--keep") { Description = "Keep the generated events file" };
        var command = new Command("start-time", "Generate events, then time the start-time report over them") { events, format, keep };
        command.SetAction(async (parseResult, cancellationToken) =>
            await RunAsync(parseResult.GetValue(events), parseResult.GetValue(format), parseResult.GetValue(keep),
                parseResult.InvocationConfiguration.Output, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(int eventCount, ReportFormat format, bool keep, TextWriter output, CancellationToken cancellationToken)
    {
        string eventsPath = Path.Combine(Path.GetTempPath(), $"start-time-bench-{Environment.ProcessId}.jsonl");
        string reportPath = Path.ChangeExtension(eventsPath, format == ReportFormat.Markdown ? ".md" : format.ToString().ToLowerInvariant());
        try
        {
            var generation = Stopwatch.StartNew();
            var expected = Generate(eventsPath, eventCount);
            long fileBytes = new FileInfo(eventsPath).Length;
            output.WriteLine($"generated {expected.Lines:N0} lines ({fileBytes / 1e6:N1} MB) for {expected.Tasks:N0} tasks in {generation.Elapsed.TotalSeconds:N1} s");

            // Measure the report alone: collect what generation left behind first.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            long workingSetBefore = process.WorkingSet64;
            TimeSpan cpuBefore = process.TotalProcessorTime;

            var request = new ReportRequest { EventFiles = [eventsPath], Cluster = SandboxStartTimes.ClusterName, Format = format };
            var footer = new StringWriter();
            var elapsed = Stopwatch.StartNew();
            int exitCode;
            await using (var report = new StreamWriter(reportPath, append: false, new UTF8Encoding(false), bufferSize: 1 << 16))
            {
                exitCode = await new StartTimeReportRunner(() => null).RunAsync(request, report, format == ReportFormat.Markdown ? report : footer, cancellationToken);
            }

            elapsed.Stop();
            process.Refresh();
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            double seconds = elapsed.Elapsed.TotalSeconds;
            // CPU time tells the cost even when other work shares the cores; wall time is what a person waits.
            double cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;

            output.WriteLine($"report exit code {exitCode}; {new FileInfo(reportPath).Length / 1e6:N1} MB of {format} written");
            foreach (string line in footer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(6))
            {
                output.WriteLine("  " + line.TrimEnd());
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"elapsed {seconds:N2} s (CPU {cpuSeconds:N2} s) | {fileBytes / 1e6 / seconds:N0} MB/s | {expected.Lines / seconds:N0} events/s"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"peak working set {process.PeakWorkingSet64 / 1e6:N0} MB (before the report {workingSetBefore / 1e6:N0} MB) | GC allocated during the report {allocated / 1e6:N0} MB | gen0/1/2 collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}"));
            output.WriteLine($"runtime {Environment.Version}, {Environment.ProcessorCount} logical cores, server GC {System.Runtime.GCSettings.IsServerGC}");
            return exitCode;
        }
        finally
        {
            if (!keep)
            {
                File.Delete(eventsPath);
            }

            File.Delete(reportPath);
        }
    }

    private static (long Lines, long Tasks) Generate(string path, int eventCount)
    {
        var random = new Random(42);
        long lines = 0, tasks = 0, nextMalformedAt = 100_000;
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var recent = new List<byte[]>();
        var buffer = new MemoryStream(4096);

        void WriteLine(ReadOnlySpan<byte> line)
        {
            file.Write(line);
            file.WriteByte((byte)'\n');
            lines++;
        }

        DateTimeOffset start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (TaskStartSample task in SandboxStartTimes.Enumerate(start, seed: 7))
        {
            if (lines >= eventCount)
            {
                break;
            }

            tasks++;
            bool otherCluster = random.Next(100) == 0;
            TaskStartSample finalState = otherCluster
                ? task with
                {
                    TaskArn = task.TaskArn.Replace("/sandbox/", "/elsewhere/", StringComparison.Ordinal),
                    ClusterArn = task.ClusterArn!.Replace("/sandbox", "/elsewhere", StringComparison.Ordinal),
                }
                : task;

            foreach (TaskStartSample state in TaskStateChangeEventWriter.Lifecycle(finalState))
            {
                buffer.SetLength(0);
                TaskStateChangeEventWriter.Write(buffer, state, new Guid(random.GetItems<byte>(new byte[256], 16)));
                byte[] line = buffer.ToArray();
                WriteLine(line);

                // EventBridge delivers at least once: some events arrive again a little later.
                if (random.Next(100) < 3)
                {
                    recent.Add(line);
                }
            }

            if (recent.Count > 8 || (recent.Count > 0 && random.Next(4) == 0))
            {
                WriteLine(recent[0]);
                recent.RemoveAt(0);
            }

            if (random.Next(100) == 0)
            {
                WriteLine(Encoding.UTF8.GetBytes(
                    $$$"""{"version":"0","id":"{{{new Guid(random.GetItems<byte>(new byte[256], 16))}}}","detail-type":"ECS Container Instance State Change","source":"aws.ecs","account":"123456789012","time":"2025-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail":{"clusterArn":"{{{SandboxStartTimes.ClusterArn}}}","status":"ACTIVE","version":3}}"""));
            }

            if (lines >= nextMalformedAt)
            {
                nextMalformedAt += 100_000;
                WriteLine("""{"version":"0","detail-type":"ECS Task State Change","source":"aws.ecs","detail":{"taskArn":"trunc"""u8);
            }
        }

        return (lines, tasks);
    }
}
