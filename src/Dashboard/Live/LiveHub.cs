using System.Threading.Channels;
using ChaosDashboard.Experiment;
using Microsoft.AspNetCore.SignalR;

namespace ChaosDashboard.Live;

/// <summary>
/// The browsers' live connection. A browser streams <see cref="Watch"/> with the last sequence number
/// it has (0 when it has none) and receives the missed deltas or a snapshot, then every change.
/// </summary>
public sealed class LiveHub(LiveExperiment live) : Hub
{
    public const string Path = "/hubs/live";

    public ChannelReader<LiveMessage> Watch(long afterSeq, CancellationToken cancellationToken) =>
        live.Watch(afterSeq, cancellationToken);
}
