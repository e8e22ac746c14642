using System.CommandLine;
using System.Diagnostics;
using ChaosDashboard.Experiment;
using ChaosDashboard.Live;

namespace ChaosDashboard.Bench;

/// <summary>
/// Measures the live model's fan-out: log lines appended as fast as possible while many browsers
/// (subscribers) read their streams concurrently. Prints deltas per second, deliveries per second,
/// bytes allocated per delta, and the working set, which must stay flat because every buffer is bounded.
/// </summary>
internal static class LiveFeedBenchmark
{
    public static Command CreateCommand()
    {
        var deltas = new Option<int>("--deltas") { Description = "Log lines to append", DefaultValueFactory = _ => 200_000 };
        var subscribers = new Option<int>("--subscribers") { Description = "Browsers reading at once", DefaultValueFactory = _ => 50 };
        var command = new Command("live-feed", "Time the live model's fan-out of deltas to many subscribers") { deltas, subscribers };
        command.SetAction(async (parseResult, _) =>
        {
            await RunAsync(parseResult.GetValue(deltas), parseResult.GetValue(subscribers), parseResult.InvocationConfiguration.Output);
            return 0;
        });
        return command;
    }

    static async Task RunAsync(int deltaCount, int subscriberCount, TextWriter output)
    {
        var settings = new SettingsView("sandbox", "bench", "c", "b", "i", "t", "x", 1, []);
        var live = new LiveExperiment(10, settings);
        using var stop = new CancellationTokenSource();
        long delivered = 0, resumed = 0;
        var lastSeen = new long[subscriberCount];

        // Each reader behaves like a browser: it follows its stream and, when cut off for being slow,
        // watches again from the last sequence number it has.
        var readers = Enumerable.Range(0, subscriberCount).Select(r => Task.Run(async () =>
        {
            long seq = 0;
            while (!stop.IsCancellationRequested)
            {
                var reader = live.Watch(seq, stop.Token);
                try
                {
                    await foreach (var message in reader.ReadAllAsync(stop.Token))
                    {
                        seq = message.Seq;
                        Volatile.Write(ref lastSeen[r], seq);
                        Interlocked.Increment(ref delivered);
                    }
                }
                catch (OperationCanceledException) { return; }
                Interlocked.Increment(ref resumed);
            }
        })).ToArray();

        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        using var process = Process.GetCurrentProcess();
        var clock = Stopwatch.StartNew();
        var start = DateTimeOffset.UtcNow;
        for (var i = 0; i < deltaCount; i++)
            live.AppendLog("task", start, $"Successfully PUT item {i % 10} out of 10 into DDB");
        var appendSeconds = clock.Elapsed.TotalSeconds;

        // Every reader must reach the last delta (through deltas or, when cut off, a snapshot).
        var last = live.Snapshot().Seq;
        var catchUp = Stopwatch.StartNew();
        while (lastSeen.Any(s => Volatile.Read(ref s) < last) && catchUp.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(10);
        var caughtUp = lastSeen.Count(s => s == last);
        var catchUpSeconds = catchUp.Elapsed.TotalSeconds;
        stop.Cancel();
        await Task.WhenAll(readers);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        process.Refresh();

        output.WriteLine($"{deltaCount:N0} deltas, {subscriberCount} subscribers");
        output.WriteLine($"append: {deltaCount / appendSeconds:N0} deltas/s ({appendSeconds:N2} s)");
        output.WriteLine($"{caughtUp} of {subscriberCount} subscribers reached the last delta, {catchUpSeconds:N2} s after the last append");
        output.WriteLine($"delivered: {delivered:N0} messages; streams cut off for falling behind and resumed: {resumed:N0}");
        output.WriteLine($"allocated: {allocated / (double)deltaCount:N0} bytes per delta (all subscribers)");
        output.WriteLine($"log lines kept: {live.Snapshot().Logs.Count:N0} (bound {LiveExperiment.MaxLogLines:N0}); working set {process.WorkingSet64 / 1e6:N0} MB, peak {process.PeakWorkingSet64 / 1e6:N0} MB");
    }
}
