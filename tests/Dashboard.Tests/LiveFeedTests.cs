using System.Threading.Channels;
using ChaosDashboard.Experiment;
using ChaosDashboard.Live;
using Microsoft.Extensions.Time.Testing;
using static ChaosDashboard.Tests.Builders;

namespace ChaosDashboard.Tests;

public class LiveFeedTests
{
    static List<LiveMessage> Drain(ChannelReader<LiveMessage> reader)
    {
        var messages = new List<LiveMessage>();
        while (reader.TryRead(out var m)) messages.Add(m);
        return messages;
    }

    [Fact]
    public void First_join_gets_a_snapshot_then_ordered_deltas()
    {
        var live = new LiveExperiment(10, Settings());
        live.AppendLog("a", T0, "before");
        var reader = live.Watch(0, CancellationToken.None);
        live.AppendLog("a", T0, "after 1");
        live.AppendLog("a", T0, "after 2");

        var messages = Drain(reader);

        Assert.Equal("snapshot", messages[0].Type);
        var snapshot = Assert.IsType<Snapshot>(messages[0].Data);
        Assert.Equal("before", Assert.Single(snapshot.Logs).Text);
        Assert.Equal(snapshot.Seq, messages[0].Seq);
        Assert.Equal([snapshot.Seq + 1, snapshot.Seq + 2], messages.Skip(1).Select(m => m.Seq));
        Assert.Equal(["after 1", "after 2"], messages.Skip(1).Select(m => ((LogLineView)m.Data).Text));
    }

    [Fact]
    public void A_browser_that_reconnects_gets_exactly_the_deltas_it_missed()
    {
        var live = new LiveExperiment(10, Settings());
        for (var i = 0; i < 5; i++) live.AppendLog("a", T0, $"line {i}");
        var seenUpTo = live.Snapshot().Seq - 2; // the browser saw all but the last two

        var messages = Drain(live.Watch(seenUpTo, CancellationToken.None));

        Assert.Equal(["line 3", "line 4"], messages.Select(m => ((LogLineView)m.Data).Text));
        Assert.Equal([seenUpTo + 1, seenUpTo + 2], messages.Select(m => m.Seq));
    }

    [Fact]
    public void A_browser_too_far_behind_gets_a_snapshot()
    {
        var live = new LiveExperiment(10, Settings(), feed: new LiveFeed(historyCapacity: 3));
        for (var i = 0; i < 10; i++) live.AppendLog("a", T0, $"line {i}");

        var messages = Drain(live.Watch(2, CancellationToken.None));

        Assert.Equal("snapshot", Assert.Single(messages).Type);
    }

    [Fact]
    public void A_browser_claiming_a_future_sequence_gets_a_snapshot()
    {
        var live = new LiveExperiment(10, Settings());
        live.AppendLog("a", T0, "x");
        Assert.Equal("snapshot", Assert.Single(Drain(live.Watch(999, CancellationToken.None))).Type);
    }

    [Fact]
    public void A_slow_subscriber_is_cut_off_without_holding_back_the_others()
    {
        var feed = new LiveFeed(historyCapacity: 100, subscriberCapacity: 3);
        var first = feed.Seq + 1;
        var slow = feed.Subscribe([], CancellationToken.None);
        var fast = feed.Subscribe([], CancellationToken.None);
        var fastSeen = new List<long>();

        for (var i = 0; i < 10; i++)
        {
            feed.Publish("log", i);
            while (fast.TryRead(out var m)) fastSeen.Add(m.Seq);
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(i => first + i), fastSeen);
        Assert.Equal(1, feed.SubscriberCount);
        // What it did receive is a gap-free prefix, then its stream ends; the rest comes on resume.
        Assert.Equal([first, first + 1, first + 2], Drain(slow).Select(m => m.Seq));
        Assert.True(slow.Completion.IsCompleted, "the slow subscriber's stream ends so its browser resumes from its seq");
        // Resuming: what fits its queue comes as deltas, more than that as a snapshot.
        Assert.Equal(3, feed.DeltasAfter(first + 6)!.Count);
        Assert.Null(feed.DeltasAfter(first + 2));
    }

    [Fact]
    public void A_number_from_before_a_restart_gets_a_snapshot_not_the_new_deltas()
    {
        var clock = new FakeTimeProvider(T0);
        var before = new LiveExperiment(10, Settings(), clock);
        for (var i = 0; i < 50; i++) before.AppendLog("a", T0, $"old {i}");
        var heldByBrowser = before.Snapshot().Seq;
        clock.Advance(TimeSpan.FromSeconds(2)); // a restart takes seconds: two million numbers apart

        var restarted = new LiveExperiment(10, Settings(), clock);
        for (var i = 0; i < 500; i++) restarted.AppendLog("a", T0, $"new {i}");

        Assert.Equal("snapshot", Assert.Single(Drain(restarted.Watch(heldByBrowser, CancellationToken.None))).Type);
    }

    [Fact]
    public void Unsubscribing_ends_the_stream_and_drops_the_subscriber()
    {
        var feed = new LiveFeed();
        using var cts = new CancellationTokenSource();
        var reader = feed.Subscribe([], cts.Token);
        cts.Cancel();
        feed.Publish("log", 1);
        Assert.False(reader.TryRead(out _));
        Assert.True(reader.Completion.IsCompleted);
        Assert.Equal(0, feed.SubscriberCount);
    }
}
