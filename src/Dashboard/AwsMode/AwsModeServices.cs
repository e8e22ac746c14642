using ChaosDashboard.Aws;
using ChaosDashboard.Aws.Errors;
using ChaosDashboard.Aws.Signing;
using ChaosDashboard.Configuration;
using ChaosDashboard.Experiment;
using ChaosDashboard.Preflight;
using ChaosDashboard.StartTimes;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChaosDashboard.AwsMode;

public static class AwsModeServices
{
    /// <summary>
    /// Runs the dashboard on a real AWS account. Settings that cannot work (no region, an unknown
    /// profile) do not stop the process: the page says what to fix and every action explains why
    /// it cannot act.
    /// </summary>
    public static IServiceCollection AddAwsMode(this IServiceCollection services, IConfiguration configuration)
    {
        var options = AwsModeOptions.Read(configuration);
        services.AddSettingsSection(options);
        services.AddSingleton<IPreflight, AwsPreflight>();
        services.AddSingleton(new StartTimeModeSources(SeedGeneratedSamples: false, WatchedTasksRunInSimulatedTime: false));
        services.AddEventsLogGroupFeed();

        var connecting = new SettingsView(DashboardMode.Aws.Name(), "AWS: connecting…", options.Cluster ?? "", options.BaselineTaskDefinition ?? "",
            options.ImprovedTaskDefinition ?? "", options.Table ?? "", options.ExperimentTemplate ?? "", 30, options.Warnings);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new LiveExperiment(options.BatchSize, connecting, sp.GetRequiredService<TimeProvider>()));

        AwsClients clients;
        try
        {
            clients = new AwsClients(Settings(options));
        }
        catch (Exception e)
        {
            var message = $"AWS settings cannot be used: {AwsErrorText.Describe(e)} Check Aws:Region and Aws:Profile (or AWS_REGION, AWS_PROFILE).";
            services.AddSingleton<IWorkshopBackend>(sp => new UnavailableBackend(message));
            services.AddHostedService(sp => new ProblemReporter(sp.GetRequiredService<LiveExperiment>(), "AWS", message));
            return services;
        }

        services.AddSingleton(clients);
        services.AddSingleton<AwsWorkshop>();
        services.AddSingleton<IWorkshopBackend, AwsBackend>();
        services.AddHostedService<AwsWatcher>();
        return services;
    }

    public static AwsSettings Settings(AwsModeOptions options)
    {
        var endpoints = new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase);
        if (Uri.TryCreate(options.DynamoDbEndpointUrl, UriKind.Absolute, out var dynamo)) endpoints["dynamodb"] = dynamo;
        return new AwsSettings
        {
            Region = string.IsNullOrWhiteSpace(options.Region) ? null : options.Region.Trim(),
            Profile = string.IsNullOrWhiteSpace(options.Profile) ? null : options.Profile.Trim(),
            EndpointUrl = Uri.TryCreate(options.EndpointUrl, UriKind.Absolute, out var endpoint) ? endpoint : null,
            ServiceEndpointUrls = endpoints,
            Retry = options.AttemptTimeoutSeconds > 0
                ? new AwsRetryOptions { AttemptTimeout = TimeSpan.FromSeconds(options.AttemptTimeoutSeconds) }
                : new AwsRetryOptions(),
        };
    }

    /// <summary>Every action answers why AWS mode cannot act.</summary>
    sealed class UnavailableBackend(string message) : IWorkshopBackend
    {
        public Task<ActionOutcome> LaunchTaskAsync(TaskKind kind, string clientToken, CancellationToken ct) => Refuse();
        public Task<ActionOutcome> StartExperimentAsync(string clientToken, CancellationToken ct) => Refuse();
        public Task<ActionOutcome> StopTaskAsync(string taskId, CancellationToken ct) => Refuse();
        public Task<ActionOutcome> StopExperimentAsync(string experimentId, CancellationToken ct) => Refuse();
        public Task<ActionOutcome> ClearTableAsync(CancellationToken ct) => Refuse();
        Task<ActionOutcome> Refuse() => Task.FromResult(ActionOutcome.Failed(message));
    }

    sealed class ProblemReporter(LiveExperiment live, string source, string message) : IHostedService
    {
        public Task StartAsync(CancellationToken ct)
        {
            live.ReportProblem(source, message);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
