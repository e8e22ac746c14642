using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ChaosDashboard.Bench.Pages;

/// <summary>
/// A log burst (Benchmark:LogBurst) into open pages: the longest main-thread task in each page, the
/// server's CPU and memory, dropped circuits, how long after the burst's last line each page shows it, and
/// that the model holds the lines in order with none missing (numbers consecutive, each line's own count
/// matching its number; the model keeps the latest 2,000, so the count of the last tells the total).
/// Memory is compared against a dashboard that has already been running: a shorter warm-up burst first
/// fills the model's bounded log buffer and grows the pages' buffers once, as any run does; then the
/// measured burst, and a second one against the first, which tells whether memory keeps growing.
/// </summary>
static partial class BurstBenchmark
{
    public static async Task RunAsync(int pageCount, int rate, int seconds, TextWriter output, int circuitCount = 0, int warmupSeconds = 5, string? gcdump = null)
    {
        var total = rate * seconds;
        output.WriteLine($"{total:N0} log lines at {rate:N0}/s for {seconds} s into {pageCount} Chromium page(s) and {circuitCount} circuit(s) without a browser on /presenter");
        await using var server = await DashboardServer.StartAsync(timeScale: 30);
        await using var pages = await BrowserPages.LaunchAsync();
        using (var gate = new SemaphoreSlim(4))
            await Task.WhenAll(Enumerable.Range(0, pageCount).Select(async _ =>
            {
                await gate.WaitAsync();
                try { await pages.OpenAsync(server.Url + "/"); }
                finally { gate.Release(); }
            }));
        var clients = new List<CircuitClient>();
        using (var gate = new SemaphoreSlim(8))
            await Task.WhenAll(Enumerable.Range(0, circuitCount).Select(async _ =>
            {
                await gate.WaitAsync();
                try
                {
                    var client = await CircuitClient.OpenAsync(server.Http, server.Url, "/presenter");
                    lock (clients) clients.Add(client);
                }
                finally { gate.Release(); }
            }));
        await Task.Delay(3000);
        var cold = await server.ProbeAsync(collect: true);
        var rssCold = server.Stats().RssBytes;
        if (warmupSeconds > 0)
        {
            var warmup = await BurstAsync(server, rate * warmupSeconds, rate, seconds: warmupSeconds);
            output.WriteLine($"warm-up: {rate * warmupSeconds:N0} lines in {warmupSeconds} s (the model keeps the latest 2,000); RSS peak {Figures.MB(warmup.PeakRss)}");
            await Task.Delay(10_000);
        }
        await pages.ResetAsync();
        foreach (var c in clients) c.ResetSeen();
        var before = await server.ProbeAsync(collect: true);
        var rssBefore = server.Stats().RssBytes;
        if (gcdump is not null) await HeapDump.CollectAsync(server.Pid, gcdump + ".warm.gcdump", output);

        var cpuFrom = server.Stats();
        var browserCpuFrom = BrowserCpu.Read(server.Pid);
        ProcessStats cpuTo;
        double peakCpu;
        long peakRss;
        await using (var sampler = new ProcessSampler(server.Pid))
        {
            await server.StartLogLinesAsync(total, rate);
            // The burst is over when the model has its last line.
            var deadline = DateTime.UtcNow.AddSeconds(seconds * 3 + 30);
            while ((await server.ProbeAsync()).LastLogNumber < before.LastLogNumber + total && DateTime.UtcNow < deadline)
                await Task.Delay(250);
            cpuTo = server.Stats();
            var browserCpu = (BrowserCpu.Read(server.Pid) - browserCpuFrom).TotalSeconds / (cpuTo.At - cpuFrom.At).TotalSeconds;
            output.WriteLine($"Chromium (and Playwright) CPU during the burst: {100 * browserCpu:N0}% of one core; machine load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores");
            // Every page should show the last line within a second; wait up to 30 s to tell how late.
            var waitUntil = DateTime.UtcNow.AddSeconds(30);
            foreach (var page in pages.Pages)
                while (!(await BrowserPages.SeenAsync(page)).ContainsKey(total) && DateTime.UtcNow < waitUntil) await Task.Delay(250);
            foreach (var client in clients)
                while (!client.Seen.ContainsKey(total) && DateTime.UtcNow < waitUntil) await Task.Delay(250);
            await sampler.DisposeAsync();
            peakCpu = sampler.PeakCpuPercent;
            peakRss = sampler.PeakRss;
        }
        output.WriteLine($"server CPU during the burst: {ProcessStats.CpuPercent(cpuFrom, cpuTo):N0}% of one core on average ({(cpuTo.At - cpuFrom.At).TotalSeconds:N1} s), busiest half second {peakCpu:N0}%");

        var lags = new List<double>();
        var longest = new List<double>();
        var over50 = 0;
        var late = 0;
        foreach (var page in pages.Pages)
        {
            var seen = await BrowserPages.SeenAsync(page);
            if (seen.TryGetValue(total, out var last)) lags.Add(last.PageMs - last.ServerMs);
            else late++;
            var tasks = await BrowserPages.LongTasksAsync(page);
            longest.Add(tasks.DefaultIfEmpty(0).Max());
            over50 += tasks.Length;
        }
        output.WriteLine($"last line shown after it entered the model: {Figures.Latency(lags)}; pages without it after 30 s: {late}");
        if (clients.Count > 0)
        {
            var circuitLags = clients.Where(c => c.Seen.ContainsKey(total)).Select(c => c.Seen[total].SeenMs - c.Seen[total].ServerMs).ToList();
            output.WriteLine($"circuits: last line in a render batch after it entered the model: {Figures.Latency(circuitLags)}; circuits without it after 30 s: {clients.Count - circuitLags.Count}; "
                + $"closed by the server {clients.Count(c => c.Closed)}");
        }
        output.WriteLine($"longest main-thread task per page: max {longest.DefaultIfEmpty(0).Max():N0} ms, median {Figures.Percentile(longest.Order().ToList(), 50):N0} ms; long tasks (> 50 ms) in all pages: {over50}");

        var after = await server.ProbeAsync();
        output.WriteLine($"circuits: open {after.CircuitsOpen} of {pageCount + circuitCount}, connections dropped {after.ConnectionsDown - before.ConnectionsDown}, circuits closed {after.CircuitsClosed - before.CircuitsClosed}");
        output.WriteLine(await CheckOrderAsync(server, before.LastLogNumber, total));

        await Task.Delay(10_000);
        var settled = await server.ProbeAsync(collect: true);
        var rssAfter = server.Stats().RssBytes;
        if (gcdump is not null) await HeapDump.CollectAsync(server.Pid, gcdump + ".burst.gcdump", output);

        // The same burst again: against the first, it says whether memory keeps growing.
        var second = await BurstAsync(server, total, rate, seconds);
        await Task.Delay(10_000);
        var settled2 = await server.ProbeAsync(collect: true);
        var rssAfter2 = server.Stats().RssBytes;
        var end = await server.ProbeAsync();
        output.WriteLine($"second burst: connections dropped {end.ConnectionsDown - after.ConnectionsDown}, circuits closed {end.CircuitsClosed - after.CircuitsClosed}; "
            + await CheckOrderAsync(server, second.NumberBefore, total));
        foreach (var c in clients) await c.DisposeAsync();

        output.WriteLine($"memory, RSS (managed after a full GC), each 10 s after the burst: before any burst {Figures.MB(rssCold)} ({Figures.MB(cold.ManagedBytes)}); "
            + $"after the warm-up {Figures.MB(rssBefore)} ({Figures.MB(before.ManagedBytes)})");
        output.WriteLine($"memory, first burst: peak {Figures.MB(peakRss)}, after {Figures.MB(rssAfter)} ({Figures.MB(settled.ManagedBytes)}): "
            + $"RSS {Percent(rssBefore, rssAfter)}, managed {Percent(before.ManagedBytes, settled.ManagedBytes)} against the warmed-up dashboard "
            + $"(RSS {Percent(rssCold, rssAfter)}, managed {Percent(cold.ManagedBytes, settled.ManagedBytes)} against the one before any burst)");
        output.WriteLine($"memory, second burst: peak {Figures.MB(second.PeakRss)}, after {Figures.MB(rssAfter2)} ({Figures.MB(settled2.ManagedBytes)}): "
            + $"RSS {Percent(rssAfter, rssAfter2)}, managed {Percent(settled.ManagedBytes, settled2.ManagedBytes)} against the first burst; "
            + $"RSS {Percent(rssBefore, rssAfter2)}, managed {Percent(before.ManagedBytes, settled2.ManagedBytes)} against the warmed-up dashboard");
    }

    static string Percent(long from, long to) =>
        Math.Round(100.0 * (to - from) / from, 1) is var p && p == 0 ? "±0.0%" : p.ToString("+0.0;-0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";

    /// <summary>Feeds a burst and waits until the model has its last line; the peak RSS meanwhile.</summary>
    static async Task<(long NumberBefore, long PeakRss)> BurstAsync(DashboardServer server, int total, int rate, int seconds)
    {
        var numberBefore = (await server.ProbeAsync()).LastLogNumber;
        await using var sampler = new ProcessSampler(server.Pid);
        await server.StartLogLinesAsync(total, rate);
        var deadline = DateTime.UtcNow.AddSeconds(seconds * 3 + 30);
        while ((await server.ProbeAsync()).LastLogNumber < numberBefore + total && DateTime.UtcNow < deadline)
            await Task.Delay(250);
        await Task.Delay(1000); // the last frames go out to every page
        await sampler.DisposeAsync();
        return (numberBefore, sampler.PeakRss);
    }

    /// <summary>The lines the model keeps must be the burst's last ones, consecutive and in order.</summary>
    static async Task<string> CheckOrderAsync(DashboardServer server, long numberBefore, int total)
    {
        var state = await server.Http.GetFromJsonAsync<JsonElement>("/api/experiment");
        var logs = state.GetProperty("logs").EnumerateArray().ToList();
        var wrong = 0;
        long previous = -1;
        foreach (var line in logs)
        {
            var number = line.GetProperty("number").GetInt64();
            var m = LinePattern().Match(line.GetProperty("text").GetString() ?? "");
            if (!m.Success || long.Parse(m.Groups[1].Value) != number - numberBefore || (previous >= 0 && number != previous + 1)) wrong++;
            previous = number;
        }
        var lastNumber = logs.Count > 0 ? logs[^1].GetProperty("number").GetInt64() : 0;
        return $"model order: last line number {lastNumber - numberBefore:N0} of {total:N0}; {logs.Count:N0} kept lines checked, {wrong} out of order or missing";
    }

    [GeneratedRegex("^burst line (\\d+) of \\d+ at \\d+$")]
    private static partial Regex LinePattern();
}
