using ChaosDashboard.Experiment;
using ChaosDashboard.Live;

namespace ChaosDashboard.Trials;

/// <summary>
/// Records every trial as it happens: it follows the live model's ordered changes like a browser does
/// and appends each one to the store, committed in small batches, so a crash loses at most the last
/// fraction of a second. A trial starts with the first thing that happens after the table was cleared
/// (or after the dashboard started), from a snapshot of the state then, and ends when the table is
/// cleared again; a trial left open by a stop or crash is marked ended when the dashboard starts again.
/// </summary>
public sealed class TrialRecorder(
    LiveExperiment live, TrialStore store, TrialOptions options, TimeProvider time, ILogger<TrialRecorder> logger) : BackgroundService
{
    public const string ProblemSource = "Trial recording";
    public const string RestartReason = "the dashboard stopped before the table was cleared";
    public const string ClearedReason = "the table was cleared";
    const int BatchLimit = 500;
    const int PendingLimit = 50_000;

    readonly TrialState _state = new();
    readonly List<TrialChange> _pending = [];
    TrialSummary _header = new();
    long? _current;
    int _number;
    int _logLines;
    int _changes;
    bool _failing;

    /// <summary>The trial being recorded now, if any: it is never pruned, and not deleted.</summary>
    public long? CurrentTrialId { get; private set; }

    readonly CancellationTokenSource _unsubscribe = new();
    System.Threading.Channels.ChannelReader<LiveMessage>? _first;
    System.Threading.Channels.ChannelReader<LiveMessage>? _reader;

    /// <summary>
    /// Ends what the last run left open and subscribes before the host goes on, so nothing that
    /// happens from the first request on is missed.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var ended = store.EndUnfinished(RestartReason);
            if (ended > 0) logger.LogInformation("Trials: {Count} trial(s) left open by the last run were marked ended", ended);
        }
        catch (Exception e)
        {
            Fail(e);
        }
        _first = live.Watch(0, _unsubscribe.Token);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _unsubscribe.CancelAsync();
        await base.StopAsync(cancellationToken);
        // The host may stop the service before its loop ever ran: what was received is written all the same.
        if (ExecuteTask is null || ExecuteTask.IsCompleted) Drain();
    }

    void Drain()
    {
        var reader = _reader ?? _first;
        while (reader is not null && reader.TryRead(out var left)) TakeSafely(left);
        Flush();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        long lastSeq = 0;
        try
        {
            while (!_unsubscribe.IsCancellationRequested)
            {
                // A recorder that fell behind is cut off by the feed like a slow browser, and joins
                // again from its last change: it gets the missed changes, or a snapshot.
                var reader = _reader = _first ?? live.Watch(lastSeq, _unsubscribe.Token);
                _first = null;
                while (await reader.WaitToReadAsync(CancellationToken.None))
                {
                    while (reader.TryRead(out var message))
                    {
                        lastSeq = message.Seq;
                        TakeSafely(message);
                        if (_pending.Count >= BatchLimit) Flush();
                    }
                    Flush();
                    if (_failing) await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                    if (_unsubscribe.IsCancellationRequested) break;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        // On the way out, what was already received is still written.
        Drain();
    }

    /// <summary>A change the recorder cannot read is left out of the recording; the recording goes on.</summary>
    void TakeSafely(LiveMessage message)
    {
        try
        {
            Take(message.Type, LiveJson.Serialize(message.Data), time.GetUtcNow());
        }
        catch (TrialChangeException e)
        {
            logger.LogWarning("Trials: a {Type} change was not recorded: {Reason}", message.Type, e.Message);
        }
    }

    /// <summary>Takes one change of the live model, received at <paramref name="at"/>.</summary>
    void Take(string type, string json, DateTimeOffset at)
    {
        if (type == "trial")
        {
            if (_current is not null) EndCurrent(at, ClearedReason);
            _state.Apply(type, json);
            _state.ClearLog();
            return;
        }
        if (_current is null && !StartsATrial(type, json))
        {
            // Until something happens the change only shapes the state the next trial starts from.
            _state.Apply(type, json);
            return;
        }
        if (_current is null) StartTrial(at);
        if (type == "log" && _logLines >= options.MaxLogLinesPerTrial) return;
        _state.Apply(type, json);
        if (type == "log") _logLines++;
        if (_pending.Count < PendingLimit) _pending.Add(new TrialChange(++_number, at, type, json));
    }

    /// <summary>A task, an experiment, a log line or a write: a restart or a cleared table alone is no trial.</summary>
    static bool StartsATrial(string type, string json) => type switch
    {
        "task" or "experiment" or "log" => true,
        "item" => !json.Contains("\"writeCount\":0,", StringComparison.Ordinal) && !json.EndsWith("\"writeCount\":0}", StringComparison.Ordinal),
        _ => false,
    };

    void StartTrial(DateTimeOffset at)
    {
        var initial = _state.ToSnapshot();
        _header = new TrialSummary { StartedAt = at, LastChangeAt = at };
        _number = 0;
        _logLines = initial.Logs.Count;
        _changes = 1;
        var first = new TrialChange(0, at, "snapshot", LiveJson.Serialize(initial));
        try
        {
            _current = store.Create(TrialSummary.From(initial, _header) with { Changes = 1, LogLines = _logLines }, [first]);
            CurrentTrialId = _current;
            var pruned = store.Prune(options.KeepTrials, _current);
            if (pruned > 0) logger.LogInformation("Trials: pruned {Count} old trial(s), keeping {Keep}", pruned, options.KeepTrials);
            Recovered();
        }
        catch (Exception e)
        {
            // Without a row the trial cannot be recorded; the next change tries again.
            Fail(e);
            _current = null;
        }
    }

    void EndCurrent(DateTimeOffset at, string reason)
    {
        Flush();
        if (_current is not { } id) return;
        try
        {
            store.Append(id, [], Summary() with { EndedAt = at, EndReason = reason });
        }
        catch (Exception e)
        {
            Fail(e);
        }
        _pending.Clear();
        _current = null;
        CurrentTrialId = null;
    }

    TrialSummary Summary() => TrialSummary.From(_state.ToSnapshot(), _header) with { Changes = _changes, LogLines = _logLines };

    void Flush()
    {
        if (_current is not { } id || _pending.Count == 0) return;
        try
        {
            _changes += _pending.Count;
            _header = _header with { LastChangeAt = _pending[^1].At };
            store.Append(id, _pending, Summary());
            _pending.Clear();
            Recovered();
        }
        catch (Exception e)
        {
            _changes -= _pending.Count;
            Fail(e);
        }
    }

    void Fail(Exception e)
    {
        if (!_failing) logger.LogWarning(e, "Trials: recording to {Path} failed", store.Path);
        _failing = true;
        live.ReportProblem(ProblemSource, $"Trials are not being recorded: {store.Path} cannot be written ({e.Message.TrimEnd('.')}). The dashboard keeps trying.");
    }

    void Recovered()
    {
        if (!_failing) return;
        _failing = false;
        live.ClearProblem(ProblemSource);
    }
}
