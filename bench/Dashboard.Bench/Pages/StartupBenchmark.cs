namespace ChaosDashboard.Bench.Pages;

/// <summary>Process start (dotnet chaos-dashboard.dll, Release) to the first 200 of GET /, polled every 5 ms.</summary>
static class StartupBenchmark
{
    public static async Task RunAsync(int runs, TextWriter output)
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            await using var server = await DashboardServer.StartAsync(probe: false);
            times.Add(server.StartedIn.TotalMilliseconds);
            output.WriteLine($"start {i + 1}: {server.StartedIn.TotalMilliseconds:N0} ms to the first page 200 (RSS {Figures.MB(server.Stats().RssBytes)})");
        }
        var sorted = times.Order().ToList();
        output.WriteLine($"start-up to first page: min {sorted[0]:N0} ms, median {Figures.Percentile(sorted, 50):N0} ms, max {sorted[^1]:N0} ms over {runs} starts");
    }
}
