namespace ChaosDashboard.Configuration;

/// <summary>
/// Where settings come from, lowest to highest: appsettings.json, environment variables in the
/// ASP.NET convention (Aws__Region), and command-line flags (--Aws:Region or the short forms below).
/// </summary>
public static class DashboardConfiguration
{
    public static readonly IDictionary<string, string> ShortFlags = new Dictionary<string, string>
    {
        ["--mode"] = "Dashboard:Mode",
        ["--region"] = "Aws:Region",
        ["--profile"] = "Aws:Profile",
        ["--cluster"] = "Aws:Cluster",
        ["--baseline-task-definition"] = "Aws:BaselineTaskDefinition",
        ["--improved-task-definition"] = "Aws:ImprovedTaskDefinition",
        ["--table"] = "Aws:Table",
        ["--log-group"] = "Aws:LogGroup",
        ["--experiment-template"] = "Aws:ExperimentTemplate",
        ["--events-log-group"] = "Aws:EventsLogGroup",
        ["--time-scale"] = "Sandbox:TimeScale",
    };

    /// <summary>The settings for a command run outside the web host (preflight, report).</summary>
    public static IConfiguration ForCommand(string[] args) => new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .AddCommandLine(args, ShortFlags)
        .Build();
}
