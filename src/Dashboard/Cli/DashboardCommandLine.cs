using System.CommandLine;
using System.CommandLine.Help;
using ChaosDashboard.Configuration;
using ChaosDashboard.StartTimeAnalysis.Cli;
using ChaosDashboard.StartTimes;

namespace ChaosDashboard.Cli;

/// <summary>
/// The dashboard's command line: <c>run</c> (the default: the web dashboard), <c>report</c> (start times
/// from saved events or a log group) and <c>preflight</c> (checks an AWS account), each with <c>--help</c>.
/// Settings can follow any of them as <c>--Section:Key value</c> or the short flags of
/// <see cref="DashboardConfiguration.ShortFlags"/>. A usage error is one <c>error: …</c> line and the
/// usage on standard error, exit code 2.
/// </summary>
public static class DashboardCommandLine
{
    public const int UsageError = 2;

    /// <summary>
    /// Runs a command other than <c>run</c>, or answers help or a usage error. Null when the dashboard
    /// should run, with <paramref name="runArgs"/> its settings.
    /// </summary>
    public static async Task<int?> TryRunCommandAsync(string[] args, TextWriter output, TextWriter error)
    {
        try
        {
            // The report's own options are strict; the dashboard's settings among them are taken out first.
            if (args is ["report", .. var reportArgs])
            {
                // The reading path compiles on a spare core while the settings and the command line are read.
                HotPath.CompileAhead();
                return await StartTimeReportCommand.RunAsync(reportArgs, output, error);
            }

            var root = Root();
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0) return await UsageAsync(root, parse.CommandResult.Command, parse.Errors[0].Message, error);
            // A bare word where a command goes is a mistyped command, not a setting.
            if (args is [var first, ..] && !first.StartsWith('-') && !root.Subcommands.Any(c => c.Name == first))
                return await UsageAsync(root, root, $"'{first}' is not a command: use run, report or preflight.", error);
            if (parse.Action is HelpAction)
                return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
            if (args is ["preflight", .. var preflightArgs])
                return await PreflightCommand.RunAsync(DashboardConfiguration.ForCommand(preflightArgs), output);
            return null;
        }
        catch (InvalidSettingException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return UsageError;
        }
    }

    /// <summary>The settings the web dashboard runs with: the arguments without the <c>run</c> command.</summary>
    public static string[] RunArguments(string[] args) => args is ["run", .. var rest] ? rest : args;

    /// <summary>The commands, for parsing and help. The settings are listed for help; any other --Section:Key is accepted too.</summary>
    public static RootCommand Root()
    {
        var root = new RootCommand("Chaos Dashboard: the AWS chaos-engineering workshop's checkpointing experiment and task start times, live.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        var run = new Command("run", "Run the dashboard (the default command): the sandbox unless Dashboard:Mode or --mode says aws.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        foreach (var option in SettingOptions(includeHost: true)) run.Options.Add(option);
        var report = new Command("report", "Start time of ECS tasks per task and task definition, from saved events, a log group or a database. See report --help.");
        var preflight = new Command("preflight", "Check an AWS account before a workshop: the resources, the network and the read permissions.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        foreach (var option in SettingOptions(includeHost: false)) preflight.Options.Add(option);
        // The web dashboard runs outside System.CommandLine (Program.cs); these actions only make the commands valid alone.
        root.SetAction(_ => 0);
        run.SetAction(_ => 0);
        preflight.SetAction(_ => 0);
        root.Subcommands.Add(run);
        root.Subcommands.Add(report);
        root.Subcommands.Add(preflight);
        return root;
    }

    static IEnumerable<Option> SettingOptions(bool includeHost)
    {
        yield return new Option<string>("--mode") { Description = "sandbox (the default) or aws (Dashboard:Mode)" };
        yield return new Option<string>("--region") { Description = "AWS region (Aws:Region)" };
        yield return new Option<string>("--profile") { Description = "AWS profile (Aws:Profile)" };
        if (!includeHost) yield break;
        yield return new Option<string>("--urls") { Description = "Where to listen, e.g. http://127.0.0.1:5080 (Urls)" };
        yield return new Option<string>("--time-scale") { Description = "Sandbox speed, 15 = fifteen times real time (Sandbox:TimeScale)" };
    }

    static async Task<int> UsageAsync(RootCommand root, Command command, string message, TextWriter error)
    {
        await error.WriteLineAsync($"error: {message}");
        string[] helpArgs = command == root ? ["--help"] : [command.Name, "--help"];
        await root.Parse(helpArgs).InvokeAsync(new InvocationConfiguration { Output = error, Error = error });
        return UsageError;
    }
}
