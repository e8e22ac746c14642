using System.Diagnostics;
using System.Runtime.InteropServices;
using ChaosDashboard.Batch;

namespace ChaosDashboard.Worker.Tests.Infrastructure;

/// <summary>
/// One run of the real worker program (<c>dotnet worker.dll</c>) with a chosen environment; its
/// stdout is collected line by line so a test can wait for a line, then kill or stop the process.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    /// <summary>Waits are generous: these machines are noisy, and a wait that ends early only fails a test.</summary>
    public static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);

    // Settings the worker reads; the test's own environment must not leak into a run.
    static readonly string[] WorkerVariables =
    [
        "TABLE_NAME", "BATCH_SIZE", "INTERVAL_SECONDS", "MODE", "BATCH_ID", "TASK_ID",
        "DYNAMODB_ENDPOINT", "ECS_CONTAINER_METADATA_URI_V4", "ECS_CONTAINER_METADATA_URI",
    ];

    readonly Process _process;
    readonly List<string> _stdout = [];
    readonly List<string> _stderr = [];
    readonly SemaphoreSlim _outputArrived = new(0);

    WorkerProcess(Process process) => _process = process;

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public IReadOnlyList<string> StdoutLines { get { lock (_stdout) return [.. _stdout]; } }
    public IReadOnlyList<string> StderrLines { get { lock (_stderr) return [.. _stderr]; } }

    /// <summary>The structured lines of the run, in order.</summary>
    public IReadOnlyList<JobLogLine> Events => [.. StdoutLines.Select(JobLogLine.TryParse).OfType<JobLogLine>()];

    /// <summary>Both streams, for failure messages.</summary>
    public string Transcript => string.Join('\n', StdoutLines.Concat(StderrLines.Select(l => "stderr: " + l)));

    /// <summary>
    /// Starts the worker with only the given settings (plus dummy AWS credentials and the endpoint when
    /// <paramref name="endpoint"/> is set). A null value leaves a variable unset.
    /// </summary>
    public static WorkerProcess Start(Uri? endpoint, IReadOnlyDictionary<string, string?> settings)
    {
        var start = new ProcessStartInfo(RepoPaths.DotnetHost)
        {
            ArgumentList = { RepoPaths.WorkerDll },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal) || WorkerVariables.Contains(k)).ToList())
            start.Environment.Remove(name);

        // Dummy credentials: dynalite accepts any signature. No instance metadata lookups off EC2.
        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        // Nor the developer's own profile files, which might name a region or credentials.
        start.Environment["AWS_CONFIG_FILE"] = Path.Combine(AppContext.BaseDirectory, "no-aws-config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(AppContext.BaseDirectory, "no-aws-credentials");
        if (endpoint is not null) start.Environment["AWS_ENDPOINT_URL_DYNAMODB"] = endpoint.ToString();
        foreach (var (name, value) in settings)
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => worker.Collect(worker._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => worker.Collect(worker._stderr, e.Data);
        process.Exited += (_, _) => worker._outputArrived.Release();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    void Collect(List<string> lines, string? line)
    {
        if (line is null) return;
        lock (lines) lines.Add(line);
        _outputArrived.Release();
    }

    /// <summary>Waits until stdout has a line matching <paramref name="match"/>; false if the process ended first.</summary>
    public async Task<bool> WaitForLineAsync(Func<string, bool> match)
    {
        var deadline = DateTime.UtcNow + WaitLimit;
        while (true)
        {
            if (StdoutLines.Any(match)) return true;
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(); // drains the rest of stdout
                return StdoutLines.Any(match);
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"The worker printed no matching line within {WaitLimit.TotalSeconds} s:\n{Transcript}");
            await _outputArrived.WaitAsync(left);
        }
    }

    /// <summary>Waits for the process to end and its output to be read completely; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(WaitLimit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
            throw new TimeoutException($"The worker did not exit within {WaitLimit.TotalSeconds} s:\n{Transcript}");
        }
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: the process ends at once, wherever it was. False if it had already exited.</summary>
    public bool Kill()
    {
        if (_process.HasExited) return false;
        _process.Kill();
        return true;
    }

    /// <summary>SIGTERM, what ECS sends when a task is stopped. False if the process had already exited.</summary>
    public bool Terminate()
    {
        if (_process.HasExited) return false;
        return SendSignal(_process.Id, Sigterm) == 0;
    }

    const int Sigterm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int SendSignal(int pid, int signal);

    public void Dispose()
    {
        // The semaphore is left undisposed: output and exit events may still arrive on other threads.
        if (!_process.HasExited) _process.Kill();
        _process.Dispose();
    }
}
