using System.Diagnostics;

namespace ChaosDashboard.Aws.Tests.Infrastructure;

/// <summary>
/// Runs the real AWS CLI against a loopback endpoint so its requests can be captured. Debian's
/// /usr/bin/aws is preferred: another 'aws' earlier on PATH (a pyenv shim, say) may be a different
/// major version.
/// </summary>
public static class AwsCli
{
    public const string DebianPath = "/usr/bin/aws";

    public static readonly string? Path = File.Exists(DebianPath) ? DebianPath : TestEnvironment.FindOnPath("aws");

    public static string MissingMessage => "The aws CLI was not found at /usr/bin/aws or on PATH (apt-get install awscli).";

    public sealed record Run(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>Runs <c>aws &lt;arguments&gt; --endpoint-url &lt;endpoint&gt;</c> with dummy credentials and no retries.</summary>
    public static async Task<Run> RunAsync(Uri endpoint, IReadOnlyList<string> arguments, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException(MissingMessage))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--endpoint-url");
        start.ArgumentList.Add(endpoint.AbsoluteUri.TrimEnd('/'));
        start.ArgumentList.Add("--no-cli-pager");
        start.ArgumentList.Add("--output");
        start.ArgumentList.Add("json");

        var environment = start.Environment;
        foreach (var name in environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            environment.Remove(name);
        }

        environment["AWS_ACCESS_KEY_ID"] = "dummy";
        environment["AWS_SECRET_ACCESS_KEY"] = "dummy";
        environment["AWS_DEFAULT_REGION"] = "us-east-1";
        environment["AWS_EC2_METADATA_DISABLED"] = "true";
        environment["AWS_CONFIG_FILE"] = "/dev/null";
        environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        environment["AWS_MAX_ATTEMPTS"] = "1";
        environment["AWS_PAGER"] = "";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The aws CLI did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"aws {string.Join(' ', arguments)} did not finish within 60 s.");
        }

        return new Run(process.ExitCode, await output, await error);
    }
}
