using System.Collections.Concurrent;
using ChaosDashboard.Live;
using Microsoft.Extensions.Time.Testing;

namespace ChaosDashboard.Tests;

public class LiveFramesTests
{
    static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    /// <summary>A model whose frames are its version number.</summary>
    sealed class Counter
    {
        long _version;
        public void Bump() => Interlocked.Increment(ref _version);
        public Box Read() => new(Interlocked.Read(ref _version));
    }

    sealed record Box(long Version);

    /// <summary>
    /// Moves the clock on until <paramref name="arrived"/> happens: the frame builder may compute its
    /// wait just before the clock moves and start it just after, so one step is not always enough.
    /// </summary>
    static async Task AdvanceUntil(FakeTimeProvider time, Func<Task<bool>> arrived)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!await arrived())
        {
            Assert.True(DateTime.UtcNow < deadline, "no frame came");
            time.Advance(Interval);
        }
    }

    static Func<Task<bool>> Signalled(SemaphoreSlim signal) => () => signal.WaitAsync(TimeSpan.FromMilliseconds(50));
    static Func<Task<bool>> Completed(Task task) => async () => await Task.WhenAny(task, Task.Delay(50)) == task;

    [Fact]
    public async Task A_burst_of_changes_within_one_interval_becomes_one_frame_with_the_latest_state()
    {
        var time = new FakeTimeProvider();
        var model = new Counter();
        await using var frames = new LiveFrames<Box>(model.Read, Interval, time);
        var seen = new ConcurrentQueue<long>();
        var first = new TaskCompletionSource();
        var second = new TaskCompletionSource();
        using var _ = frames.Subscribe(frame =>
        {
            seen.Enqueue(frame.Version);
            (first.Task.IsCompleted ? second : first).TrySetResult();
            return Task.CompletedTask;
        });

        model.Bump();
        frames.Changed();
        await first.Task.WaitAsync(Wait);           // the first change after a quiet spell is shown at once

        for (var i = 0; i < 500; i++) { model.Bump(); frames.Changed(); }
        await Task.Delay(50);
        Assert.Single(seen);                       // the rest waits for the interval...
        await AdvanceUntil(time, Completed(second.Task));
        Assert.Equal([1L, 501L], seen);            // ...and arrives as one frame with the latest state
        Assert.Equal(501, frames.Current.Version);
    }

    [Fact]
    public async Task After_a_quiet_interval_a_change_goes_out_at_once_and_changes_inside_an_interval_wait_for_its_end()
    {
        var time = new FakeTimeProvider();
        var model = new Counter();
        await using var frames = new LiveFrames<Box>(model.Read, Interval, time);
        var seen = new ConcurrentQueue<long>();
        var arrived = new SemaphoreSlim(0);
        using var _ = frames.Subscribe(frame => { seen.Enqueue(frame.Version); arrived.Release(); return Task.CompletedTask; });

        model.Bump();
        frames.Changed();
        Assert.True(await arrived.WaitAsync(Wait));

        time.Advance(Interval * 3);                  // no frame for longer than the interval...
        model.Bump();
        frames.Changed();
        Assert.True(await arrived.WaitAsync(Wait));  // ...so this change goes out at once, the clock standing still
        Assert.Equal([1L, 2L], seen);

        time.Advance(Interval / 2);                  // half an interval after that frame
        model.Bump();
        frames.Changed();
        model.Bump();
        frames.Changed();
        Assert.False(await arrived.WaitAsync(TimeSpan.FromMilliseconds(50))); // these wait for the interval's end...
        await AdvanceUntil(time, Signalled(arrived));
        Assert.Equal([1L, 2L, 4L], seen);            // ...and go out together, as one frame
    }

    [Fact]
    public async Task A_viewer_still_busy_with_a_frame_gets_only_the_newest_one_afterwards()
    {
        var time = new FakeTimeProvider();
        var model = new Counter();
        await using var frames = new LiveFrames<Box>(model.Read, Interval, time);
        var release = new TaskCompletionSource();
        var rendered = new ConcurrentQueue<long>();
        var started = new SemaphoreSlim(0);
        using var slow = frames.Subscribe(async frame =>
        {
            rendered.Enqueue(frame.Version);
            started.Release();
            if (frame.Version == 1) await release.Task; // a browser that does not keep up
        });
        var fastFrames = new ConcurrentQueue<long>();
        var fastSeen = new SemaphoreSlim(0);
        using var fast = frames.Subscribe(frame => { fastFrames.Enqueue(frame.Version); fastSeen.Release(); return Task.CompletedTask; });

        model.Bump();
        frames.Changed();
        Assert.True(await started.WaitAsync(Wait));
        Assert.True(await fastSeen.WaitAsync(Wait));
        for (var frame = 2; frame <= 5; frame++)
        {
            model.Bump();
            frames.Changed();
            await AdvanceUntil(time, Signalled(fastSeen)); // the other viewer is not held up
        }
        Assert.Equal([1L, 2L, 3L, 4L, 5L], fastFrames);

        release.SetResult();
        Assert.True(await started.WaitAsync(Wait));
        await Task.Delay(50);
        Assert.Equal([1L, 5L], rendered);           // frames 2–4 were replaced, never queued
    }

    [Fact]
    public async Task A_viewer_that_left_gets_nothing_more_and_a_failing_one_keeps_getting_frames()
    {
        var time = new FakeTimeProvider();
        var model = new Counter();
        await using var frames = new LiveFrames<Box>(model.Read, Interval, time);
        var gone = 0;
        var subscription = frames.Subscribe(_ => { Interlocked.Increment(ref gone); return Task.CompletedTask; });
        var failures = new SemaphoreSlim(0);
        using var failing = frames.Subscribe(_ => { failures.Release(); throw new InvalidOperationException("render failed"); });
        Assert.Equal(2, frames.ViewerCount);
        subscription.Dispose();
        Assert.Equal(1, frames.ViewerCount);

        model.Bump();
        frames.Changed();
        Assert.True(await failures.WaitAsync(Wait));
        model.Bump();
        frames.Changed();
        await AdvanceUntil(time, Signalled(failures));
        Assert.Equal(0, gone);
    }
}
