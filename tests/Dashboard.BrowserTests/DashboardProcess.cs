using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ChaosDashboard.BrowserTests;

/// <summary>The real dashboard, started as a process on a free loopback port (sandbox mode unless the arguments say otherwise).</summary>
sealed class DashboardProcess : IAsyncDisposable
{
    Process _process;
    readonly ProcessStartInfo _start;
    readonly StringBuilder _output = new();

    public string Url { get; }

    string? _database;

    DashboardProcess(ProcessStartInfo start, string url)
    {
        _start = start;
        _process = Launch(start);
        Url = url;
    }

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <param name="timeScale">The sandbox's speed-up.</param>
    /// <param name="arguments">More command-line settings, e.g. "--Dashboard:Mode", "aws".</param>
    /// <param name="environment">Variables to set for the process; a null value removes an inherited one.</param>
    /// <param name="listenOnEveryAddress">Listens on 0.0.0.0 (room mode), as for a room; the tests still browse on 127.0.0.1.</param>
    public static async Task<DashboardProcess> StartAsync(
        double timeScale, IReadOnlyList<string>? arguments = null, IReadOnlyDictionary<string, string?>? environment = null,
        bool listenOnEveryAddress = false)
    {
        var port = LoopbackPort.Free();
        var url = $"http://127.0.0.1:{port}";
        var dll = DllPath();
        var database = Path.Combine(Path.GetTempPath(), $"chaos-dashboard-test-{port}-{Guid.NewGuid():N}.db");

        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                dll, "--urls", listenOnEveryAddress ? $"http://0.0.0.0:{port}" : url, "--Sandbox:TimeScale", timeScale.ToString(System.Globalization.CultureInfo.InvariantCulture),
                // Each test's start times go to a file of its own, never to the user's store.
                "--StartTimes:Database", database,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var argument in arguments ?? []) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        var dashboard = new DashboardProcess(start, url) { _database = database };
        await dashboard.WaitUntilAnsweringAsync();
        return dashboard;
    }

    Process Launch(ProcessStartInfo start)
    {
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    async Task WaitUntilAnsweringAsync()
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The dashboard exited at start:\n{Output}");
            try
            {
                if ((await http.GetAsync(Url)).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The dashboard did not answer within a minute:\n{Output}");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// The operator link the dashboard printed last (at start, or after a sign-in spent the one before),
    /// on this test's loopback address. Waits for the line: it is printed once the server listens.
    /// </summary>
    public async Task<string> OperatorLinkAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            var tokens = System.Text.RegularExpressions.Regex.Matches(Output, @"[Oo]perator link[^:]*: \S+/login\?token=(\S+)");
            if (tokens.Count > 0) return $"{Url}/login?token={tokens[^1].Groups[1].Value}";
            if (attempt > 100 || _process.HasExited) throw new InvalidOperationException($"The dashboard printed no operator link:\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>Kills the process and starts it again with the same settings, port and database.</summary>
    /// <param name="downFor">How long the dashboard stays down, as a crashed server that is restarted.</param>
    public async Task RestartAsync(TimeSpan downFor)
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        await Task.Delay(downFor);
        _process = Launch(_start);
        await WaitUntilAnsweringAsync();
    }

    /// <summary>The built dashboard, as the tests run it.</summary>
    public static string DllPath()
    {
        var dll = Path.Combine(RepoRoot(), "src", "Dashboard", "bin", BuildConfiguration(), "net10.0", "chaos-dashboard.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the dashboard first: {dll} is missing.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (_database is null) return;
        // The trials are recorded beside the start times, in a file named after theirs.
        var trials = Path.Combine(Path.GetDirectoryName(_database)!, Path.GetFileNameWithoutExtension(_database) + ".trials.db");
        foreach (var file in new[] { _database, trials })
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(file + suffix);
    }

    static string BuildConfiguration() =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    public static string RepoRoot() => Repository.Root;
}
