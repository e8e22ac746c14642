using Microsoft.Playwright;

namespace ChaosDashboard.Bench.Pages;

/// <summary>
/// Viewers during a sandbox run. Opens the pages, measures the server's memory per viewer once they are
/// idle, then runs the workshop (baseline task, experiment) while numbered log lines carrying the server's
/// time of the change go into the model at 10 a second. Freshness is each line's server time against the
/// time its text first appeared in a page (Chromium's DOM) or in a circuit's render batch.
/// </summary>
static class ViewersBenchmark
{
    const int MarkersPerSecond = 10;

    public static async Task RunAsync(int browsers, int circuits, int watchers, int seconds, TextWriter output, string path = "/", string? gcdump = null)
    {
        output.WriteLine($"{browsers} Chromium pages on /, {circuits} circuits without a browser ({watchers} on /presenter, timed; {circuits - watchers} on {path}), a {seconds} s run");
        await using var server = await DashboardServer.StartAsync(timeScale: 30);
        output.WriteLine($"dashboard: pid {server.Pid}, {server.Url}");

        // One page opened and closed first, so code loaded and compiled on first use is not counted per viewer.
        await using (var warm = await CircuitClient.OpenAsync(server.Http, server.Url, "/")) await Task.Delay(1500);
        using (var _ = await server.Http.GetAsync("/presenter")) { }
        await Task.Delay(1500);
        var empty = await server.ProbeAsync(collect: true);
        var emptyRss = server.Stats().RssBytes;
        if (gcdump is not null) await HeapDump.CollectAsync(server.Pid, gcdump + ".empty.gcdump", output);

        await using var pages = await BrowserPages.LaunchAsync();
        var opening = Stopwatch();
        using (var gate = new SemaphoreSlim(4))
            await Task.WhenAll(Enumerable.Range(0, browsers).Select(async _ =>
            {
                await gate.WaitAsync();
                try { await pages.OpenAsync(server.Url + "/"); }
                finally { gate.Release(); }
            }));
        var clients = new List<CircuitClient>();
        using (var gate = new SemaphoreSlim(8))
            await Task.WhenAll(Enumerable.Range(0, circuits).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    var client = await CircuitClient.OpenAsync(server.Http, server.Url, i < watchers ? "/presenter" : path);
                    lock (clients) clients.Add(client);
                }
                finally { gate.Release(); }
            }));
        output.WriteLine($"opened in {opening.Elapsed.TotalSeconds:N1} s");
        await Task.Delay(5000);
        var idle = await server.ProbeAsync(collect: true);
        var idleRss = server.Stats().RssBytes;
        var viewers = browsers + circuits;
        output.WriteLine($"circuits open {idle.CircuitsOpen} (one the warm-up's, disconnected), live views {idle.LiveViews}");
        output.WriteLine($"memory per idle circuit: managed {Figures.KB((idle.ManagedBytes - empty.ManagedBytes) / (double)Math.Max(1, viewers))}, "
            + $"RSS {Figures.KB((idleRss - emptyRss) / (double)Math.Max(1, viewers))} (managed {Figures.MB(empty.ManagedBytes)} → {Figures.MB(idle.ManagedBytes)}, RSS {Figures.MB(emptyRss)} → {Figures.MB(idleRss)})");
        if (gcdump is not null) await HeapDump.CollectAsync(server.Pid, gcdump + ".idle.gcdump", output);

        await pages.ResetAsync();
        foreach (var c in clients) c.ResetSeen();
        var markers = seconds * MarkersPerSecond;
        var before = server.Stats();
        var browserCpuBefore = BrowserCpu.Read(server.Pid);
        ProcessStats after;
        await using (var sampler = new ProcessSampler(server.Pid))
        {
            await server.StartRunAsync();
            await server.StartLogLinesAsync(markers, MarkersPerSecond);
            await Task.Delay(TimeSpan.FromSeconds(seconds + 2));
            after = server.Stats();
            await sampler.DisposeAsync();
            output.WriteLine($"server CPU during the run: {ProcessStats.CpuPercent(before, after):N0}% of one core on average, busiest half second {sampler.PeakCpuPercent:N0}%; peak RSS {Figures.MB(sampler.PeakRss)}");
            var browserCpu = (BrowserCpu.Read(server.Pid) - browserCpuBefore).TotalSeconds / (after.At - before.At).TotalSeconds;
            output.WriteLine($"Chromium (and Playwright) CPU during the run: {100 * browserCpu:N0}% of one core; machine load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores");
        }
        var end = await server.ProbeAsync(collect: true);
        output.WriteLine($"after the run: managed {Figures.MB(end.ManagedBytes)}, RSS {Figures.MB(server.Stats().RssBytes)}, "
            + $"per circuit managed {Figures.KB((end.ManagedBytes - empty.ManagedBytes) / (double)Math.Max(1, viewers))}; "
            + $"connections dropped during the run {end.ConnectionsDown - idle.ConnectionsDown}, circuits closed {end.CircuitsClosed - idle.CircuitsClosed}, open {end.CircuitsOpen} (one the warm-up's)");

        if (browsers > 0)
        {
            var latencies = new List<double>();
            var missing = 0;
            foreach (var page in pages.Pages)
            {
                var seen = await BrowserPages.SeenAsync(page);
                missing += markers - seen.Keys.Count(k => k <= markers);
                latencies.AddRange(seen.Values.Select(v => v.PageMs - v.ServerMs));
            }
            output.WriteLine($"freshness, model change → text in Chromium's DOM ({browsers} pages): {Figures.Latency(latencies)}; lines never shown {missing}");
        }
        if (watchers > 0)
        {
            var latencies = clients.SelectMany(c => c.Seen.Values.Select(v => v.SeenMs - v.ServerMs)).ToList();
            output.WriteLine($"freshness, model change → render batch at a circuit without a browser ({watchers} on /presenter): {Figures.Latency(latencies)}");
        }
        if (clients.Count > 0)
            output.WriteLine($"circuits: {clients.Count(c => c.Closed)} closed by the server, errors: {string.Join("; ", clients.Select(c => c.Error).OfType<string>().Distinct())}; "
                + $"render batches {clients.Sum(c => c.RenderBatches):N0} ({Figures.KB(clients.Sum(c => c.RenderBytes))})");
        foreach (var c in clients) await c.DisposeAsync();
    }

    static System.Diagnostics.Stopwatch Stopwatch() => System.Diagnostics.Stopwatch.StartNew();
}
