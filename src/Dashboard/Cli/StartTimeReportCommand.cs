using System.CommandLine;
using ChaosDashboard.Aws;
using ChaosDashboard.AwsMode;
using ChaosDashboard.Configuration;
using ChaosDashboard.StartTime.Cli;
using ChaosDashboard.StartTime.Sources;
using ChaosDashboard.StartTimes;

namespace ChaosDashboard.Cli;

/// <summary>
/// <c>chaos-dashboard report …</c>: the start-time library's report command, run before the web host
/// starts. Its <c>--log-group</c> reads CloudWatch Logs through the dashboard's AWS settings, so it
/// works in AWS mode (<c>--mode aws --region …</c>, or the same settings as the dashboard).
/// </summary>
public static class StartTimeReportCommand
{
    /// <summary>Dashboard settings given on the report's command line: they configure AWS, the rest goes to the report.</summary>
    static readonly HashSet<string> SettingFlags = new(StringComparer.OrdinalIgnoreCase) { "--mode", "--region", "--profile" };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<Stream>? standardInput = null)
    {
        var (settingArgs, reportArgs) = Split(args);
        var configuration = DashboardConfiguration.ForCommand(settingArgs);
        AwsClients? clients = null;
        try
        {
            var root = new RootCommand("Chaos Dashboard") { ReportCommand.Create(() => LogGroupReader(configuration, error, out clients), standardInput: standardInput) };
            var parse = root.Parse(["report", .. reportArgs]);
            if (parse.Errors.Count > 0)
            {
                // One error line and the usage, both on standard error: standard output is for the report.
                await error.WriteLineAsync($"error: {parse.Errors[0].Message}");
                await root.Parse(["report", "--help"]).InvokeAsync(new InvocationConfiguration { Output = error, Error = error });
                return DashboardCommandLine.UsageError;
            }
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        }
        finally
        {
            clients?.Dispose();
        }
    }

    /// <summary>
    /// Separates the dashboard's own settings (<c>--mode</c>, <c>--region</c>, <c>--profile</c> and any
    /// <c>--Section:Key</c>) from the report's options, which the report command checks strictly.
    /// </summary>
    public static (string[] Settings, string[] Report) Split(string[] args)
    {
        var settings = new List<string>();
        var report = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var name = arg.Split('=', 2)[0];
            var isSetting = SettingFlags.Contains(name) || (name.StartsWith("--", StringComparison.Ordinal) && name.Contains(':'));
            if (!isSetting) { report.Add(arg); continue; }
            settings.Add(arg);
            if (!arg.Contains('=') && i + 1 < args.Length) settings.Add(args[++i]);
        }
        return (settings.ToArray(), report.ToArray());
    }

    /// <summary>The reader for <c>--log-group</c>, or null (the report then says AWS is not configured) outside AWS mode.</summary>
    static ILogGroupReader? LogGroupReader(IConfiguration configuration, TextWriter error, out AwsClients? clients)
    {
        clients = null;
        if (DashboardModeSetting.Read(configuration) != DashboardMode.Aws)
        {
            error.WriteLine("note: the dashboard is set to sandbox mode; add --mode aws and --region (or set Dashboard:Mode and Aws:Region) to read a log group.");
            return null;
        }
        var options = AwsModeOptions.Read(configuration);
        try
        {
            clients = new AwsClients(AwsModeServices.Settings(options));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or Amazon.Runtime.AmazonClientException)
        {
            error.WriteLine($"note: AWS settings cannot be used: {e.Message}");
            return null;
        }
        return new LogsClientLogGroupReader(clients.Logs, LogsClientLogGroupReader.DefaultStreamsAtOnce, LogsClientLogGroupReader.DefaultCallsPerSecond);
    }
}
