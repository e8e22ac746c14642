using ChaosDashboard.Experiment;

namespace ChaosDashboard.Sandbox;

public static class SandboxServices
{
    /// <summary>Runs the dashboard on the in-process simulation of the workshop's AWS side.</summary>
    public static IServiceCollection AddSandbox(this IServiceCollection services, IConfiguration configuration, string? modeWarning = null)
    {
        var (options, readWarnings) = SandboxOptions.Read(configuration.GetSection("Sandbox"));
        var warnings = modeWarning is null ? readWarnings : [modeWarning, .. readWarnings];

        services.AddSingleton(options);
        services.AddSingleton(_ => new LiveExperiment(options.BatchSize, new SettingsView(
            Mode: "sandbox",
            Where: options.TimeScale == 1 ? "Sandbox: simulated AWS, real time" : $"Sandbox: simulated AWS, {options.TimeScale:0.##}× speed",
            Cluster: SandboxEcs.Cluster,
            BaselineTaskDefinition: SandboxEcs.BaselineDefinition,
            ImprovedTaskDefinition: SandboxEcs.ImprovedDefinition,
            Table: "FisStopTaskStack-DynamoTable (simulated)",
            ExperimentTemplate: $"{SandboxFis.TemplateName} ({SandboxFis.TemplateId})",
            ItemIntervalSeconds: options.ItemIntervalSeconds / options.TimeScale,
            Warnings: warnings)));
        services.AddSingleton<SandboxTable>();
        services.AddSingleton<SandboxEcs>();
        services.AddSingleton<SandboxFis>();
        services.AddSingleton<IWorkshopBackend, SandboxBackend>();
        return services;
    }
}
