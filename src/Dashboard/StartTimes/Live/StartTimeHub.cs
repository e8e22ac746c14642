using System.Threading.Channels;
using ChaosDashboard.Live;
using Microsoft.AspNetCore.SignalR;

namespace ChaosDashboard.StartTimes;

/// <summary>
/// The start-time page's live connection, with the experiment hub's contract: a browser streams
/// <see cref="Watch"/> with the last sequence number it has (0 when it has none) and receives the missed
/// deltas or a snapshot, then every change.
/// </summary>
public sealed class StartTimeHub(StartTimeBoard board) : Hub
{
    public const string Path = "/hubs/start-times";

    public ChannelReader<LiveMessage> Watch(long afterSeq, CancellationToken cancellationToken) =>
        board.Watch(afterSeq, cancellationToken);
}
