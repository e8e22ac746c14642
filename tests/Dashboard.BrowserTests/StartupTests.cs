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

    static async Task<(int ExitCode, string Output, string Error)> RunDashboardAsync(params string[] arguments)
    {
        var dll = DashboardProcess.DllPath();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task An_unknown_mode_stops_the_start_with_one_line_naming_the_setting()
    {
        var (exit, output, error) = await RunDashboardAsync("--mode", "nonsense", "--urls", $"http://127.0.0.1:{LoopbackPort.Free()}");

        Assert.Equal(2, exit);
        Assert.Equal("error: Setting Dashboard:Mode = \"nonsense\" is not a mode: use sandbox or aws.", error.Trim());
        Assert.DoesNotContain("   at ", output + error);
    }

    [Fact]
    public async Task A_setting_that_cannot_be_read_stops_the_start_with_one_line_and_no_stack_trace()
    {
        var (exit, output, error) = await RunDashboardAsync("--Room:PresenterQrCode", "maybe", "--urls", $"http://127.0.0.1:{LoopbackPort.Free()}");

        Assert.Equal(2, exit);
        Assert.StartsWith("error: A setting under Room cannot be read:", error.Trim());
        Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", output + error);
    }

    [Fact]
    public async Task A_mistyped_command_is_a_usage_error_on_standard_error()
    {
        var (exit, output, error) = await RunDashboardAsync("reprot", "--events-file", "x.jsonl");

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith("error: 'reprot' is not a command: use run, report or preflight.", error);
        Assert.Contains("preflight", error.Split('\n', 2)[1]);
    }

    [Fact]
    public async Task Help_lists_the_three_commands()
    {
        var (exit, output, _) = await RunDashboardAsync("--help");

        Assert.Equal(0, exit);
        foreach (var command in new[] { "run", "report", "preflight" })
            Assert.Matches($@"(?m)^\s+{command}\s", output);
    }

    [Fact]
    public async Task Preflight_in_the_sandbox_has_nothing_to_check()
    {
        var (exit, output, _) = await RunDashboardAsync("preflight", "--mode", "sandbox");

        Assert.Equal(0, exit);
        Assert.StartsWith("Sandbox mode: nothing to check.", output);
    }
}
