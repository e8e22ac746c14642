using ChaosDashboard.Configuration;
using ChaosDashboard.Experiment;
using ChaosDashboard.Preflight;
using ChaosDashboard.StartTimes;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChaosDashboard.Sandbox;

public static class SandboxServices
{
    /// <summary>Runs the dashboard on the in-process simulation of the workshop's AWS side.</summary>
    public static IServiceCollection AddSandbox(this IServiceCollection services)
    {
        services.AddSettingsSection<SandboxOptions>(SandboxOptions.Section, SandboxOptions.Numbers);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => Live(sp.GetRequiredService<SandboxOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SandboxTable>();
        services.AddSingleton<SandboxEcs>();
        services.AddSingleton<SandboxFis>();
        services.AddSingleton<IWorkshopBackend, SandboxBackend>();
        services.AddSingleton<IPreflight, SandboxPreflight>();
        // The start-time page starts with generated SOCI samples, and says the sandbox's own tasks run in simulated time.
        services.AddSingleton(new StartTimeModeSources(SeedGeneratedSamples: true, WatchedTasksRunInSimulatedTime: true));
        return services;
    }

    static LiveExperiment Live(SandboxOptions options, TimeProvider time) =>
        new(options.BatchSize, new SettingsView(
            Mode: DashboardMode.Sandbox.Name(),
            Where: options.TimeScale == 1 ? "Sandbox: simulated AWS, real time" : $"Sandbox: simulated AWS, {options.TimeScale:0.##}× speed",
            Cluster: SandboxEcs.Cluster,
            BaselineTaskDefinition: SandboxEcs.BaselineDefinition,
            ImprovedTaskDefinition: SandboxEcs.ImprovedDefinition,
            Table: "FisStopTaskStack-DynamoTable (simulated)",
            ExperimentTemplate: $"{SandboxFis.TemplateName} ({SandboxFis.TemplateId})",
            ItemIntervalSeconds: options.ItemIntervalSeconds / options.TimeScale,
            Warnings: options.Warnings),
            time);
}
