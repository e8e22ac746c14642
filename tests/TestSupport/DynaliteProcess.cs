using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace ChaosDashboard.TestSupport;

/// <summary>
/// A real DynamoDB server for tests: dynalite (from the repository's npm packages, which `dotnet test`
/// installs) on a free loopback port, in memory, with tables ACTIVE at once so tests need not wait.
/// </summary>
public sealed class DynaliteProcess : IAsyncDisposable, IDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    readonly Process _process;

    DynaliteProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }
    public Uri Endpoint { get; }

    /// <summary>node_modules/dynalite/cli.js of the checkout; null when npm ci has not run.</summary>
    public static string? CliPath { get; } = Repository.TryFindRoot() is { } root
        && File.Exists(Path.Combine(root, "node_modules", "dynalite", "cli.js"))
            ? Path.Combine(root, "node_modules", "dynalite", "cli.js")
            : null;

    public static string? NodePath { get; } = TestEnvironment.FindOnPath("node");

    public static bool CanStart => NodePath is not null && CliPath is not null;

    public static string MissingMessage => NodePath is null
        ? "node was not found on PATH; dynalite needs Node.js."
        : "node_modules/dynalite is missing in the repository root; run 'npm ci' there.";

    public static async Task<DynaliteProcess> StartAsync()
    {
        if (!CanStart) throw new InvalidOperationException(MissingMessage);
        var port = LoopbackPort.Free();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new List<string>();
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(NodePath!)
            {
                ArgumentList =
                {
                    CliPath!, "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture),
                    "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0",
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
            EnableRaisingEvents = true,
        };
        // dynalite prints one line once it listens.
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("listening", StringComparison.OrdinalIgnoreCase) == true) listening.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.Add(e.Data); };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"dynalite exited at start: {string.Join('\n', errors)}"));
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Cannot run node for dynalite ({e.Message}): these tests need Node 20 on PATH.", e);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(StartTimeout).ConfigureAwait(false);
        }
        catch
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
        return new DynaliteProcess(process, port);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5_000);
        }
        _process.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
