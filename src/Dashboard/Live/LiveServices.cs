using ChaosDashboard.Experiment;
using ChaosDashboard.StartTimes;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChaosDashboard.Live;

/// <summary>The frames the live pages render from: one builder per model, shared by every open page.</summary>
public static class LiveServices
{
    /// <summary>At most ten renders a second per page: a burst of log lines cannot flood a browser.</summary>
    public static readonly TimeSpan ExperimentFrameInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>A start-time frame makes each page query its store again, so they come less often.</summary>
    public static readonly TimeSpan StartTimeFrameInterval = TimeSpan.FromMilliseconds(500);

    public static IServiceCollection AddLiveFrames(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var live = sp.GetRequiredService<LiveExperiment>();
            var frames = new LiveFrames<Snapshot>(live.Snapshot, ExperimentFrameInterval, sp.GetRequiredService<TimeProvider>());
            live.Changed += frames.Changed;
            return frames;
        });
        services.AddSingleton(sp =>
        {
            var board = sp.GetRequiredService<StartTimeBoard>();
            var frames = new LiveFrames<StartTimeFrame>(() => new StartTimeFrame(board.Seq), StartTimeFrameInterval, sp.GetRequiredService<TimeProvider>());
            board.Changed += frames.Changed;
            return frames;
        });
        return services;
    }
}

/// <summary>Something changed on the start-time board up to this sequence number: pages read their rows again.</summary>
public sealed record StartTimeFrame(long Seq);
