using ChaosDashboard.Configuration;
using ChaosDashboard.Experiment;
using ChaosDashboard.StartTimes;

namespace ChaosDashboard.Trials;

/// <summary>The recording of trials, their store, and the actions on them.</summary>
public static class TrialServices
{
    public static IServiceCollection AddTrials(this IServiceCollection services)
    {
        services.AddSettingsSection<TrialOptions>(TrialOptions.Section, TrialOptions.Numbers);
        services.AddSingleton(sp => OpenStore(
            sp.GetRequiredService<TrialOptions>().DatabaseBeside(sp.GetRequiredService<StartTimeOptions>().Database),
            sp.GetRequiredService<TrialOptions>(), sp.GetRequiredService<LiveExperiment>(), sp.GetRequiredService<ILogger<TrialStore>>()));
        services.AddSingleton<TrialRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<TrialRecorder>());
        services.AddSingleton<TrialActions>();
        return services;
    }

    /// <summary>
    /// The configured file; one in the temporary folder, with a problem shown on every page, when it
    /// cannot be used: a damaged file is left as it is, and the dashboard still starts.
    /// </summary>
    static TrialStore OpenStore(string path, TrialOptions options, LiveExperiment live, ILogger logger)
    {
        if (options.Warnings.Count > 0) live.ReportProblem("Trial settings", string.Join(" ", options.Warnings));
        try
        {
            return TrialStore.Open(path);
        }
        catch (Exception e)
        {
            var fallback = Path.Combine(Path.GetTempPath(), $"chaos-dashboard-trials-{Environment.ProcessId}.db");
            logger.LogWarning(e, "Trials: cannot use {Path}; recording to {Fallback}", path, fallback);
            live.ReportProblem(TrialRecorder.ProblemSource,
                $"Cannot use the trials database {path} ({e.Message.TrimEnd('.')}): trials are recorded in {fallback} until the dashboard stops. Set Trials:Database to a file the dashboard can write.");
            return TrialStore.Open(fallback);
        }
    }
}
