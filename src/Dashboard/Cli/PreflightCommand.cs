using ChaosDashboard.AwsMode;

namespace ChaosDashboard.Preflight;

/// <summary><c>chaos-dashboard preflight</c>: the checks printed one a line, exit code 1 when one failed.</summary>
public static class PreflightCommand
{
    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter output)
    {
        if (!string.Equals(configuration["Dashboard:Mode"], "aws", StringComparison.OrdinalIgnoreCase))
        {
            await output.WriteLineAsync("Sandbox mode: nothing to check. For AWS set Dashboard:Mode to aws (or --mode aws) and Aws:Region.");
            return 0;
        }
        var options = AwsModeOptions.Read(configuration.GetSection("Aws"));
        foreach (var warning in options.Warnings) await output.WriteLineAsync($"warn  Settings: {warning}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var checks = await new PreflightRunner(options).RunAsync(timeout.Token);
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
