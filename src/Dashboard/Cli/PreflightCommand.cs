using ChaosDashboard.AwsMode;
using ChaosDashboard.Configuration;

using ChaosDashboard.Preflight;

namespace ChaosDashboard.Cli;

/// <summary><c>chaos-dashboard preflight</c>: the checks printed one a line, exit code 1 when one failed.</summary>
public static class PreflightCommand
{
    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter output)
    {
        IPreflight preflight;
        if (DashboardModeSetting.Read(configuration) == DashboardMode.Sandbox)
            preflight = new SandboxPreflight();
        else
        {
            var options = AwsModeOptions.Read(configuration);
            foreach (var warning in options.Warnings) await output.WriteLineAsync($"warn  Settings: {warning}");
            preflight = new AwsPreflight(options);
        }
        if (!preflight.HasChecks)
        {
            await output.WriteLineAsync(SandboxPreflight.NothingToCheck);
            return 0;
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var checks = await preflight.RunAsync(timeout.Token);
        foreach (var check in checks)
        {
            var mark = check.Status switch { CheckStatus.Ok => "ok  ", CheckStatus.Warning => "warn", _ => "FAIL" };
            await output.WriteLineAsync($"{mark}  {check.Name}: {check.Detail}");
            if (check.Fix is not null && check.Status != CheckStatus.Ok) await output.WriteLineAsync($"      fix: {check.Fix}");
        }
        var failed = checks.Count(c => c.Status == CheckStatus.Failed);
        await output.WriteLineAsync(failed == 0 ? "Preflight passed." : $"Preflight found {failed} problem{(failed == 1 ? "" : "s")}.");
        return failed == 0 ? 0 : 1;
    }
}
