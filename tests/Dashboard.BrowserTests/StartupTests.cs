using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ChaosDashboard.BrowserTests;

/// <summary>How the dashboard process starts, or says in one line why it cannot.</summary>
public class StartupTests
{
    [Fact]
    public async Task A_port_in_use_is_one_clear_line_and_exit_code_1()
    {
        using var occupied = new TcpListener(IPAddress.Loopback, 0);
        occupied.Start();
        var port = ((IPEndPoint)occupied.LocalEndpoint).Port;
        var dll = DashboardProcess.DllPath();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--urls", $"http://127.0.0.1:{port}", "--StartTimes:Database", Path.Combine(Path.GetTempPath(), $"chaos-dashboard-test-{Guid.NewGuid():N}.db") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);

        var everything = await output + await error;
        Assert.Equal(1, process.ExitCode);
        Assert.Contains($"Cannot listen on http://127.0.0.1:{port}", await error);
        Assert.Contains("--urls", await error);
        Assert.DoesNotContain("   at ", everything);
    }
}
