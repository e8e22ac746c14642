namespace ChaosDashboard.Worker.Tests.Fakes;

/// <summary>
/// A clock that jumps ahead by each timer's due time and fires the timer at once, so a batch job with
/// a 30 s interval runs in microseconds and its timestamps are exact. One-shot timers only: that is
/// all Task.Delay needs.
/// </summary>
public sealed class SteppingTimeProvider(DateTimeOffset start) : TimeProvider
{
    long _utcTicks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SteppingTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    sealed class SteppingTimer(SteppingTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        volatile bool _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_disposed || dueTime == Timeout.InfiniteTimeSpan) return !_disposed;
            Interlocked.Add(ref clock._utcTicks, dueTime.Ticks);
            // Fired from the thread pool, as a real timer is: never inside the caller's CreateTimer.
            ThreadPool.QueueUserWorkItem(_ => { if (!_disposed) callback(state); });
            return true;
        }

        public void Dispose() => _disposed = true;
        public ValueTask DisposeAsync() { _disposed = true; return ValueTask.CompletedTask; }
    }
}
