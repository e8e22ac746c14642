using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ChaosDashboard.Aws.Tests.Infrastructure;

/// <summary>
/// A dynalite process (a DynamoDB implementation for tests, from the repository's npm
/// devDependencies) on a free loopback port, in memory, with table creation made instant.
/// </summary>
public sealed class DynaliteServer : IDisposable
{
    private readonly Process _process;

    public DynaliteServer()
    {
        if (!CanStart)
        {
            throw new InvalidOperationException(MissingMessage);
        }

        Port = FreePort();
        var start = new ProcessStartInfo(NodePath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { CliPath!, "--port", Port.ToString(), "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("dynalite did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilListening();
        Endpoint = new Uri($"http://127.0.0.1:{Port}/");
    }

    public static string? NodePath { get; } = TestEnvironment.FindOnPath("node");

    public static string? CliPath { get; } = TestEnvironment.RepositoryRoot() is { } root
        && File.Exists(Path.Combine(root, "node_modules", "dynalite", "cli.js"))
            ? Path.Combine(root, "node_modules", "dynalite", "cli.js")
            : null;

    public static bool CanStart => NodePath is not null && CliPath is not null;

    public static string MissingMessage =>
        NodePath is null
            ? "node was not found on PATH; dynalite needs Node.js."
            : "node_modules/dynalite is missing in the repository root; run 'npm ci' there.";

    public int Port { get; }

    public Uri Endpoint { get; }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5_000);
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private void WaitUntilListening()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"dynalite exited with code {_process.ExitCode} before listening on port {Port}.");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new TimeoutException($"dynalite did not listen on port {Port} within 20 s.");
    }
}
