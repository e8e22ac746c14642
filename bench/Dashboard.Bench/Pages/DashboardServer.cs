using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;

namespace ChaosDashboard.Bench.Pages;

/// <summary>
/// The dashboard under measurement: the Release build run as a process of its own (sandbox mode, a free
/// loopback port, its own start-time database), so its CPU and memory can be read from /proc without the
/// benchmark's own work mixed in. The probe and the log burst endpoint are switched on for it.
/// </summary>
sealed class DashboardServer : IAsyncDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();
    readonly string _database;

    public string Url { get; }
    public int Pid => _process.Id;
    public HttpClient Http { get; }

    /// <summary>From Process.Start to the first 200 of the experiment page.</summary>
    public TimeSpan StartedIn { get; private set; }

    /// <summary>With <see cref="StartAsync"/>'s splitStart: when the host first answered (GET /api/experiment), and its CPU time then.</summary>
    public (TimeSpan Wall, TimeSpan Cpu)? HostReady { get; private set; }

    DashboardServer(Process process, string url, string database)
    {
        _process = process;
        Url = url;
        _database = database;
        Http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <param name="timeScale">The sandbox's speed-up: 30 makes a run of ten items about ten seconds.</param>
    public static async Task<DashboardServer> StartAsync(double timeScale = 30, bool probe = true, IEnumerable<string>? more = null, bool splitStart = false)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var dll = DllPath();
        var database = Path.Combine(Path.GetTempPath(), $"chaos-dashboard-bench-{port}-{Guid.NewGuid():N}.db");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                dll, "--urls", url, "--Sandbox:TimeScale", timeScale.ToString(CultureInfo.InvariantCulture),
                "--StartTimes:Database", database,
                "--Logging:LogLevel:Default", "Warning",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        if (probe)
            foreach (var a in new[] { "--Benchmark:Probe", "true", "--Benchmark:LogBurst", "true" }) start.ArgumentList.Add(a);
        foreach (var a in more ?? []) start.ArgumentList.Add(a);
        foreach (var (name, value) in Environment) start.Environment[name] = value;
        var clock = Stopwatch.StartNew();
        var server = new DashboardServer(Process.Start(start)!, url, database);
        if (splitStart)
        {
            // The host and the model, without a page: what is left to the first page is its first render.
            await server.WaitUntilAnsweringAsync("/api/experiment");
            server.HostReady = (clock.Elapsed, server.Stats().CpuTime);
        }
        await server.WaitUntilAnsweringAsync();
        server.StartedIn = clock.Elapsed;
        return server;
    }

    async Task WaitUntilAnsweringAsync(string path = "/")
    {
        using var http = new HttpClient { BaseAddress = new Uri(Url) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The dashboard exited at start:\n{Output}");
            try
            {
                if ((await http.GetAsync(path)).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The dashboard did not answer within 90 s:\n{Output}");
            await Task.Delay(5);
        }
    }

    public async Task<ProbeReport> ProbeAsync(bool collect = false) =>
        (await Http.GetFromJsonAsync<ProbeReport>($"/api/benchmark/probe?gc={(collect ? "true" : "false")}"))!;

    /// <summary>Starts feeding numbered, time-stamped log lines: "burst line N of M at &lt;unix ms&gt;".</summary>
    public async Task StartLogLinesAsync(int lines, int perSecond)
    {
        var response = await Http.PostAsJsonAsync("/api/benchmark/log-burst", new { lines, perSecond });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>One workshop run in the sandbox: the baseline task, then the experiment once the task runs.</summary>
    public async Task StartRunAsync()
    {
        (await Http.PostAsJsonAsync("/api/actions/launch", new { kind = "baseline" })).EnsureSuccessStatusCode();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var response = await Http.PostAsJsonAsync("/api/actions/start-experiment", new { });
            if (response.IsSuccessStatusCode) return;
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"The experiment did not start: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(250);
        }
    }

    public ProcessStats Stats() => ProcessStats.Read(Pid);

    /// <summary>Environment variables for the dashboard's process (--server-env NAME=VALUE), say to try a GC setting.</summary>
    public static Dictionary<string, string> Environment { get; } = [];

    /// <summary>The dashboard to run: the Release build unless --app names another (say, a published one).</summary>
    public static string? App { get; set; }

    static string DllPath()
    {
        if (App is not null) return File.Exists(App) ? Path.GetFullPath(App) : throw new FileNotFoundException($"No dashboard at {App}.");
        var dll = Path.Combine(RepoRoot(), "src", "Dashboard", "bin", "Release", "net10.0", "chaos-dashboard.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the dashboard first (dotnet build -c Release src/Dashboard): {dll} is missing.");
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Dashboard.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Dashboard.sln not found above the benchmark's folder.");
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_database + suffix);
    }
}

/// <summary>What GET /api/benchmark/probe answers (see src/Dashboard/Benchmarks/BenchmarkProbe.cs).</summary>
sealed record ProbeReport(
    long Seq, long FramesBuilt, int LiveViews, long LastLogNumber,
    int CircuitsOpen, long CircuitsOpened, long CircuitsClosed, long ConnectionsDown, long ConnectionsUp,
    long ManagedBytes, long WorkingSetBytes, long ServerTimeMs);

/// <summary>A process's CPU time and memory as /proc reports them.</summary>
readonly record struct ProcessStats(TimeSpan CpuTime, long RssBytes, DateTime At)
{
    static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static ProcessStats Read(int pid)
    {
        // /proc/<pid>/stat: fields 14 and 15 (utime, stime) in clock ticks, after the ")" of the name.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
        long rss = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:"))
                rss = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return new ProcessStats(TimeSpan.FromSeconds(ticks / TicksPerSecond), rss, DateTime.UtcNow);
    }

    /// <summary>CPU used between two readings, as a percentage of one core.</summary>
    public static double CpuPercent(ProcessStats from, ProcessStats to) =>
        100 * (to.CpuTime - from.CpuTime).TotalSeconds / Math.Max(0.001, (to.At - from.At).TotalSeconds);
}

/// <summary>Samples a process every half second: peak memory and the busiest half second.</summary>
sealed class ProcessSampler : IAsyncDisposable
{
    readonly CancellationTokenSource _stop = new();
    readonly Task _loop;
    public ProcessStats First { get; }
    public long PeakRss { get; private set; }
    public double PeakCpuPercent { get; private set; }

    public ProcessSampler(int pid)
    {
        First = ProcessStats.Read(pid);
        PeakRss = First.RssBytes;
        _loop = Task.Run(async () =>
        {
            var last = First;
            while (!_stop.IsCancellationRequested)
            {
                try { await Task.Delay(500, _stop.Token); } catch (OperationCanceledException) { return; }
                var now = ProcessStats.Read(pid);
                PeakRss = Math.Max(PeakRss, now.RssBytes);
                PeakCpuPercent = Math.Max(PeakCpuPercent, ProcessStats.CpuPercent(last, now));
                last = now;
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }
}

/// <summary>CPU time of this benchmark's own child processes but the dashboard: Playwright's driver and Chromium.</summary>
static class BrowserCpu
{
    public static TimeSpan Read(int excludePid)
    {
        var parents = new Dictionary<int, int>();
        var ticks = new Dictionary<int, long>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1]);
                ticks[pid] = long.Parse(fields[11]) + long.Parse(fields[12]);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        var self = System.Environment.ProcessId;
        long total = 0;
        foreach (var (pid, t) in ticks)
        {
            if (pid == self) continue;
            // A descendant of this process, and not the dashboard or below it.
            var mine = false;
            for (var p = pid; parents.TryGetValue(p, out var parent) && p > 1; p = parent)
            {
                if (p == excludePid) break;
                if (parent == self) { mine = true; break; }
            }
            if (mine) total += t;
        }
        return TimeSpan.FromSeconds(total / 100.0);
    }
}
