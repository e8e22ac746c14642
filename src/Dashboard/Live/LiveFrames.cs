namespace ChaosDashboard.Live;

/// <summary>
/// Turns a model's stream of changes into frames for the open pages: at most one frame per interval,
/// each an immutable snapshot built once and shared by every page. A page still busy with the last
/// frame gets only the newest one when it is ready, so a burst of changes costs each page at most one
/// render per interval and nothing queues per viewer however slow its browser is.
/// </summary>
public sealed class LiveFrames<TFrame> : IAsyncDisposable where TFrame : class
{
    readonly Func<TFrame> _snapshot;
    readonly TimeSpan _interval;
    readonly TimeProvider _time;
    readonly Lock _lock = new();
    readonly List<Viewer> _viewers = [];
    readonly SemaphoreSlim _wake = new(0, 1);
    readonly CancellationTokenSource _stop = new();
    readonly Task _pump;
    TFrame _current;
    bool _dirty;

    public LiveFrames(Func<TFrame> snapshot, TimeSpan interval, TimeProvider? time = null)
    {
        _snapshot = snapshot;
        _interval = interval;
        _time = time ?? TimeProvider.System;
        _current = snapshot();
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>The latest frame: what a page that opens now renders first.</summary>
    public TFrame Current => Volatile.Read(ref _current);

    /// <summary>Frames built so far, for tests and benchmarks.</summary>
    public long FramesBuilt { get; private set; }

    public int ViewerCount
    {
        get { lock (_lock) return _viewers.Count; }
    }

    /// <summary>Tells that the model changed. Cheap and never blocks: the model calls it under its own lock.</summary>
    public void Changed()
    {
        lock (_lock)
        {
            if (_dirty) return;
            _dirty = true;
        }
        if (_wake.CurrentCount == 0)
        {
            try { _wake.Release(); }
            catch (SemaphoreFullException) { } // already awake
        }
    }

    /// <summary>
    /// Calls <paramref name="render"/> with every new frame, one call at a time: while a call runs,
    /// newer frames replace each other and only the newest is handed on when it returns.
    /// </summary>
    public IDisposable Subscribe(Func<TFrame, Task> render)
    {
        var viewer = new Viewer(this, render);
        lock (_lock) _viewers.Add(viewer);
        return viewer;
    }

    async Task PumpAsync()
    {
        var lastFrame = DateTimeOffset.MinValue;
        try
        {
            while (true)
            {
                await _wake.WaitAsync(_stop.Token);
                // Changes that arrive while waiting out the interval join this frame.
                var wait = lastFrame + _interval - _time.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, _time, _stop.Token);
                lock (_lock) _dirty = false;
                var frame = _snapshot();
                Volatile.Write(ref _current, frame);
                FramesBuilt++;
                lastFrame = _time.GetUtcNow();
                Viewer[] viewers;
                lock (_lock) viewers = _viewers.ToArray();
                foreach (var viewer in viewers) viewer.Offer(frame);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump;
        _stop.Dispose();
    }

    sealed class Viewer(LiveFrames<TFrame> frames, Func<TFrame, Task> render) : IDisposable
    {
        TFrame? _pending;
        int _busy;
        bool _disposed;

        public void Offer(TFrame frame)
        {
            Volatile.Write(ref _pending, frame);
            if (Interlocked.Exchange(ref _busy, 1) == 0) _ = DrainAsync();
        }

        async Task DrainAsync()
        {
            while (true)
            {
                if (Interlocked.Exchange(ref _pending, null) is { } frame && !Volatile.Read(ref _disposed))
                {
                    // A page that went away mid-render, or one whose render failed (its circuit reports
                    // that itself), must not stop the frames that follow.
                    try { await render(frame); }
                    catch (Exception) { }
                }
                Volatile.Write(ref _busy, 0);
                // A frame that came in after the check above would otherwise wait for the next change.
                if (Volatile.Read(ref _pending) is null || Interlocked.Exchange(ref _busy, 1) != 0) return;
            }
        }

        public void Dispose()
        {
            Volatile.Write(ref _disposed, true);
            lock (frames._lock) frames._viewers.Remove(this);
        }
    }
}
