using ChaosDashboard.Cli;
using ChaosDashboard.Hosting;

// report, preflight, --help and usage errors are answered here; `run` (or no command) runs the dashboard.
// The web host is another class's method, so that a command never loads the web framework's assemblies.
if (await DashboardCommandLine.TryRunCommandAsync(args, Console.Out, Console.Error) is { } exitCode) return exitCode;
return DashboardWebHost.Run(DashboardCommandLine.RunArguments(args));

/// <summary>Entry point, visible to the tests that host the dashboard.</summary>
public partial class Program;
