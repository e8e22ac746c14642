using ChaosDashboard.Aws;
using ChaosDashboard.AwsMode;
using ChaosDashboard.Configuration;
using ChaosDashboard.Experiment;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChaosDashboard.StartTimes;

/// <summary>What the start-time page reads besides the tasks the dashboard watches: each mode registers its own.</summary>
public sealed record StartTimeModeSources(bool SeedGeneratedSamples, bool WatchedTasksRunInSimulatedTime);

/// <summary>The start-time page and its sources, in either mode.</summary>
public static class StartTimeServices
{
    public const string SettingsSource = "Settings";

    /// <summary>
    /// Registers the board (store, notes, live feed), the feed of the tasks the dashboard watches, and
    /// in AWS mode the events log group feed. Settings are read when first needed, from the final configuration.
    /// </summary>
    public static IServiceCollection AddStartTimes(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSettingsSection<StartTimeOptions>(StartTimeOptions.Section, StartTimeOptions.Numbers);
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<StartTimeOptions>();
            var board = new StartTimeBoard(options, seedSandbox: sp.GetRequiredService<StartTimeModeSources>().SeedGeneratedSamples, sp.GetRequiredService<ILogger<StartTimeBoard>>(), sp.GetRequiredService<TimeProvider>());
            if (options.Warnings.Count > 0) board.ReportNote(SettingsSource, NoteLevel.Warning, string.Join(" ", options.Warnings));
            return board;
        });
        services.AddHostedService<WatchedTaskFeed>();
        return services;
    }

    /// <summary>AWS mode's source of the account's own tasks: the ECS task state change events in the events log group.</summary>
    public static IServiceCollection AddEventsLogGroupFeed(this IServiceCollection services) =>
        services.AddHostedService(sp =>
        {
            var clients = sp.GetService<AwsClients>();
            return new EventsLogGroupFeed(
                sp.GetRequiredService<StartTimeBoard>(),
                clients is null ? null : new LogsClientLogGroupReader(clients.Logs, LogsClientLogGroupReader.DefaultStreamsAtOnce, LogsClientLogGroupReader.DefaultCallsPerSecond, sp.GetRequiredService<TimeProvider>()),
                () => Locate(sp),
                sp.GetRequiredService<StartTimeOptions>(),
                sp.GetRequiredService<ILogger<EventsLogGroupFeed>>(),
                sp.GetRequiredService<TimeProvider>());
        });

    /// <summary>Where AWS mode's events log group is, once the workshop's resources are found.</summary>
    static EventsLogGroupTarget Locate(IServiceProvider services)
    {
        if (services.GetService<AwsClients>() is null || services.GetService<AwsWorkshop>() is not { } workshop)
            return EventsLogGroupTarget.Unavailable("The AWS settings cannot be used (see the problem above), so the events log group is not read.");
        if (workshop.Resources is not { } resources) return EventsLogGroupTarget.Waiting;
        return resources.EventsLogGroup is { Length: > 0 } name
            ? EventsLogGroupTarget.At(name)
            : EventsLogGroupTarget.Unavailable("No events log group: no ECS cluster was found to name /ecs/cluster/events/<cluster>. Set Aws:EventsLogGroup or Aws:Cluster.");
    }
}
