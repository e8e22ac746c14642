namespace ChaosDashboard.Bench.Pages;

/// <summary>Process start (dotnet chaos-dashboard.dll, Release) to the first 200 of GET /, polled every 5 ms.</summary>
static class StartupBenchmark
{
    public static async Task RunAsync(int runs, TextWriter output, bool split = false)
    {
        var times = new List<double>();
        var cpu = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            await using var server = await DashboardServer.StartAsync(probe: false, splitStart: split);
            times.Add(server.StartedIn.TotalMilliseconds);
            // CPU time says what the start costs whatever else the machine is doing; the wall time depends on that.
            var stats = server.Stats();
            cpu.Add(stats.CpuTime.TotalMilliseconds);
            if (server.HostReady is var (wall, hostCpu))
                output.WriteLine($"  host answering GET /api/experiment after {wall.TotalMilliseconds:N0} ms, {hostCpu.TotalMilliseconds:N0} ms of CPU; the first page then took {(stats.CpuTime - hostCpu).TotalMilliseconds:N0} ms more of CPU");
            output.WriteLine($"start {i + 1}: {server.StartedIn.TotalMilliseconds:N0} ms to the first page 200, {stats.CpuTime.TotalMilliseconds:N0} ms of CPU (RSS {Figures.MB(stats.RssBytes)}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
        }
        var sorted = times.Order().ToList();
        output.WriteLine($"start-up to first page: min {sorted[0]:N0} ms, median {Figures.Percentile(sorted, 50):N0} ms, max {sorted[^1]:N0} ms over {runs} starts; CPU time median {Figures.Percentile(cpu.Order().ToList(), 50):N0} ms");
    }
}
