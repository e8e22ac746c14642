using System.Threading.Channels;

namespace ChaosDashboard.Live;

/// <summary>One message to a browser: a snapshot or a delta, numbered by the feed's sequence.</summary>
public sealed record LiveMessage(long Seq, string Type, object Data);

/// <summary>
/// Numbers every change, keeps a bounded history of recent deltas, and fans them out to subscribers,
/// each through a bounded queue of its own. A subscriber that falls behind is cut off rather than
/// allowed to grow without bound or to slow the others down; its browser joins again from its last
/// sequence number and gets the missed deltas, or a snapshot when they are no longer kept.
/// </summary>
/// <remarks>Not thread-safe by itself: the owner calls it under the lock that guards its state, so a
/// snapshot and the deltas that follow it can never interleave wrongly.</remarks>
public sealed class LiveFeed(int historyCapacity = 4096, int subscriberCapacity = 2048, TimeProvider? time = null)
{
    readonly Queue<LiveMessage> _history = new();
    readonly List<Channel<LiveMessage>> _subscribers = [];

    /// <summary>
    /// The number of the latest change. It starts from the clock, not from 0, so that a browser still
    /// holding a number from before a restart is always behind the oldest kept change and gets a
    /// snapshot, never the new process's deltas on top of the old process's state. (Microseconds
    /// since 1970 stay exact in JavaScript numbers.)
    /// </summary>
    public long Seq { get; private set; } = (time ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds() * 1000;
    public int SubscriberCount => _subscribers.Count;

    /// <summary>Raised after each change is numbered, under the owner's lock: handlers must be quick and never block.</summary>
    public event Action? Published;

    /// <summary>Numbers a delta, keeps it for late joiners and hands it to every subscriber.</summary>
    public LiveMessage Publish(string type, object data)
    {
        var message = new LiveMessage(++Seq, type, data);
        _history.Enqueue(message);
        while (_history.Count > historyCapacity) _history.Dequeue();

        for (var i = _subscribers.Count - 1; i >= 0; i--)
        {
            if (_subscribers[i].Writer.TryWrite(message)) continue;
            // Full queue: this browser is too slow. End its stream; it resumes from its last seq.
            _subscribers[i].Writer.TryComplete();
            _subscribers.RemoveAt(i);
        }
        Published?.Invoke();
        return message;
    }

    /// <summary>
    /// The deltas after <paramref name="afterSeq"/> when all of them are still kept; null when a
    /// snapshot is needed instead (first join, or too far behind).
    /// </summary>
    public IReadOnlyList<LiveMessage>? DeltasAfter(long afterSeq)
    {
        if (afterSeq <= 0 || afterSeq > Seq) return null;
        if (afterSeq == Seq) return [];
        var oldestKept = _history.Count == 0 ? Seq + 1 : _history.Peek().Seq;
        if (afterSeq + 1 < oldestKept) return null;
        // More than a subscriber's queue holds would be cut off at once: a snapshot is smaller then.
        if (Seq - afterSeq > subscriberCapacity) return null;
        return _history.Where(m => m.Seq > afterSeq).ToList();
    }

    /// <summary>Registers a subscriber whose queue starts with <paramref name="catchUp"/>.</summary>
    public ChannelReader<LiveMessage> Subscribe(IEnumerable<LiveMessage> catchUp, CancellationToken unsubscribed)
    {
        var channel = Channel.CreateBounded<LiveMessage>(new BoundedChannelOptions(subscriberCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        foreach (var message in catchUp)
        {
            if (!channel.Writer.TryWrite(message)) { channel.Writer.TryComplete(); return channel.Reader; }
        }
        _subscribers.Add(channel);
        // A completed channel refuses the next write and is dropped then. The registration goes
        // with the stream, so a long-lived token (a background reader) does not collect them.
        var registration = unsubscribed.Register(() => channel.Writer.TryComplete());
        _ = channel.Reader.Completion.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        return channel.Reader;
    }
}
