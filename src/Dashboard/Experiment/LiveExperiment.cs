using System.Threading.Channels;
using ChaosDashboard.Live;
using ChaosDashboard.Processing;

namespace ChaosDashboard.Experiment;

/// <summary>
/// The live state of the checkpointing experiment, shared by every browser. Whatever watches AWS
/// (or the sandbox) reports observations here; each change becomes a numbered delta on the feed.
/// All buffers are bounded: log lines, tasks and experiments kept, and the feed's history.
/// </summary>
public sealed class LiveExperiment
{
    public const int MaxLogLines = 2000;
    public const int MaxTasks = 50;
    public const int MaxExperiments = 50;
    /// <summary>Writes remembered per item (who and when); the item's count keeps the total.</summary>
    public const int MaxWritesPerItem = 20;

    readonly Lock _lock = new();
    readonly LiveFeed _feed;
    readonly TimeProvider _time;
    readonly List<TaskView> _tasks = [];
    readonly List<ExperimentView> _experiments = [];
    readonly ItemView[] _items;
    readonly Queue<LogLineView> _logs = new();
    long _logNumber;
    readonly SortedDictionary<string, string> _problems = new(StringComparer.Ordinal);
    int _trial = 1;
    DateTimeOffset _trialStartedAt;
    Verdict _verdict;

    public LiveExperiment(int batchSize, SettingsView settings, TimeProvider? time = null, LiveFeed? feed = null)
    {
        BatchSize = batchSize;
        Settings = settings;
        _time = time ?? TimeProvider.System;
        _feed = feed ?? new LiveFeed(time: _time);
        _items = Enumerable.Range(0, batchSize).Select(i => new ItemView { Index = i }).ToArray();
        _trialStartedAt = _time.GetUtcNow();
        _verdict = VerdictCalculator.Judge([], _items, batchSize);
    }

    public int BatchSize { get; }

    /// <summary>Raised after every change, under the model's lock: handlers must be quick and never block.</summary>
    public event Action? Changed
    {
        add => _feed.Published += value;
        remove => _feed.Published -= value;
    }

    /// <summary>The current trial: it starts at 1 and grows each time the table is cleared.</summary>
    public int Trial
    {
        get { lock (_lock) return _trial; }
    }

    /// <summary>Where the dashboard acts; in AWS mode it fills in as discovery finds the resources.</summary>
    public SettingsView Settings { get; private set; }

    public void UpdateSettings(SettingsView settings)
    {
        lock (_lock)
        {
            // Records compare lists by reference; the JSON the browsers get is what must differ.
            if (LiveJson.Serialize(settings) == LiveJson.Serialize(Settings)) return;
            Settings = settings;
            _feed.Publish("settings", settings);
        }
    }

    /// <summary>
    /// Shows a problem with one source (say "ECS" or "table") on every page until it is cleared;
    /// the watcher keeps going and clears it when the source answers again.
    /// </summary>
    public void ReportProblem(string source, string message)
    {
        lock (_lock)
        {
            if (_problems.TryGetValue(source, out var existing) && existing == message) return;
            _problems[source] = message;
            _feed.Publish("problems", ProblemList());
        }
    }

    public void ClearProblem(string source)
    {
        lock (_lock)
        {
            if (!_problems.Remove(source)) return;
            _feed.Publish("problems", ProblemList());
        }
    }

    List<ProblemView> ProblemList() => _problems.Select(p => new ProblemView(p.Key, p.Value)).ToList();

    public Snapshot Snapshot()
    {
        lock (_lock) return SnapshotLocked();
    }

    Snapshot SnapshotLocked() => new()
    {
        Seq = _feed.Seq,
        Mode = Settings.Mode,
        BatchSize = BatchSize,
        Trial = _trial,
        TrialStartedAt = _trialStartedAt,
        Tasks = _tasks.ToList(),
        Experiments = _experiments.ToList(),
        Items = _items.ToList(),
        Logs = _logs.ToList(),
        Verdict = _verdict,
        Settings = Settings,
        Problems = ProblemList(),
    };

    /// <summary>
    /// Starts a browser's stream: the deltas after <paramref name="afterSeq"/> when they are still kept,
    /// otherwise a snapshot; then every new delta in order.
    /// </summary>
    public ChannelReader<LiveMessage> Watch(long afterSeq, CancellationToken unsubscribed)
    {
        lock (_lock)
        {
            var catchUp = _feed.DeltasAfter(afterSeq)
                ?? [new LiveMessage(_feed.Seq, "snapshot", SnapshotLocked())];
            return _feed.Subscribe(catchUp, unsubscribed);
        }
    }

    public IReadOnlyList<ExperimentView> Experiments()
    {
        lock (_lock) return _experiments.ToList();
    }

    /// <summary>A task not yet stopped or an experiment not yet finished: the time to poll fast.</summary>
    public bool HasActivity(TimeSpan afterStop)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
            return _tasks.Any(t => !TaskLifecycle.IsStopped(t.LastStatus) || t.StoppedAt is { } at && now - at < afterStop)
                || _experiments.Any(e => !ExperimentView.IsFinal(e.Status));
    }

    public TaskView? FindTask(string taskId)
    {
        lock (_lock) return _tasks.FirstOrDefault(t => t.TaskId == taskId);
    }

    public IReadOnlyList<TaskView> Tasks()
    {
        lock (_lock) return _tasks.ToList();
    }

    /// <summary>Records a task's latest state. Unchanged observations publish nothing.</summary>
    public void ObserveTask(TaskView observed)
    {
        lock (_lock)
        {
            var index = _tasks.FindIndex(t => t.TaskId == observed.TaskId);
            var current = index >= 0 ? _tasks[index] : null;
            var merged = Merge(current, observed);
            if (current is not null && Same(current, merged)) return;
            if (index >= 0) _tasks[index] = merged;
            else
            {
                _tasks.Add(merged);
                if (_tasks.Count > MaxTasks) _tasks.RemoveAt(0);
            }
            _feed.Publish("task", merged);
            Rejudge();
        }
    }

    TaskView Merge(TaskView? current, TaskView observed)
    {
        var times = new Dictionary<string, DateTimeOffset>(current?.StateTimes ?? observed.StateTimes);
        foreach (var (state, at) in observed.StateTimes) times.TryAdd(state, at);
        times.TryAdd(observed.LastStatus, _time.GetUtcNow());
        return observed with
        {
            StateTimes = times,
            // The trial and start index are ours, not AWS's: keep what was recorded first.
            Trial = current?.Trial ?? _trial,
            StartIndex = observed.StartIndex ?? current?.StartIndex,
        };
    }

    static bool Same(TaskView a, TaskView b) =>
        a.LastStatus == b.LastStatus && a.DesiredStatus == b.DesiredStatus && a.StopCode == b.StopCode
        && a.StoppedReason == b.StoppedReason && a.StartedAt == b.StartedAt && a.StoppedAt == b.StoppedAt
        && a.PullStartedAt == b.PullStartedAt && a.PullStoppedAt == b.PullStoppedAt && a.StoppingAt == b.StoppingAt
        && a.ExitCode == b.ExitCode && a.StartIndex == b.StartIndex && a.StateTimes.Count == b.StateTimes.Count;

    public void ObserveExperiment(ExperimentView observed)
    {
        lock (_lock)
        {
            var index = _experiments.FindIndex(e => e.ExperimentId == observed.ExperimentId);
            var current = index >= 0 ? _experiments[index] : null;
            var merged = observed with { Trial = current?.Trial ?? _trial };
            if (current is not null && current.Status == merged.Status && current.Reason == merged.Reason
                && current.EndTime == merged.EndTime && current.Actions.SequenceEqual(merged.Actions)
                && current.TargetTaskIds.SequenceEqual(merged.TargetTaskIds))
                return;
            if (index >= 0) _experiments[index] = merged;
            else
            {
                _experiments.Add(merged);
                if (_experiments.Count > MaxExperiments) _experiments.RemoveAt(0);
            }
            _feed.Publish("experiment", merged);
        }
    }

    /// <summary>
    /// Records one write of an item. <paramref name="writeCount"/> is the table's own count after the
    /// write where it keeps one; otherwise the writes observed here are counted.
    /// </summary>
    public void ObserveItemWrite(int index, string taskId, DateTimeOffset at, int? writeCount = null)
    {
        if (index < 0 || index >= BatchSize) return;
        lock (_lock)
        {
            if (RecordWrite(index, taskId, at, writeCount)) Rejudge();
        }
    }

    bool RecordWrite(int index, string taskId, DateTimeOffset at, int? writeCount)
    {
        var item = _items[index];
        if (item.Writes.Any(w => w.TaskId == taskId && w.At == at)) return false;
        var writes = item.Writes.Append(new ItemWriteView(taskId, at)).ToList();
        var count = Math.Max(writeCount ?? item.WriteCount + 1, item.WriteCount + 1);
        if (writes.Count > MaxWritesPerItem) writes.RemoveRange(0, writes.Count - MaxWritesPerItem);
        _items[index] = item with { Writes = writes, WriteCount = count };
        _feed.Publish("item", _items[index]);
        return true;
    }

    /// <summary>
    /// Records what a full read of the table shows. A write is new when its time is new; a table
    /// whose items carry no write time shows presence only. A table found empty after holding items
    /// was cleared from elsewhere (the DynamoDB console): that starts a new trial too.
    /// </summary>
    public void ObserveTable(IReadOnlyList<TableItemObservation> observed, int? readInTrial = null)
    {
        lock (_lock)
        {
            if (readInTrial is { } trial && trial != _trial) return;
            var byIndex = new Dictionary<int, TableItemObservation>();
            foreach (var o in observed)
                if (o.Index >= 0 && o.Index < BatchSize) byIndex.TryAdd(o.Index, o);

            if (byIndex.Count == 0 && _items.Any(i => i.Present))
            {
                StartTrialLocked();
                return;
            }

            var changed = false;
            for (var index = 0; index < BatchSize; index++)
            {
                var item = _items[index];
                if (!byIndex.TryGetValue(index, out var o))
                {
                    if (!item.Present) continue;
                    _items[index] = new ItemView { Index = index };
                    _feed.Publish("item", _items[index]);
                    changed = true;
                    continue;
                }
                if (o.WrittenAt is { } at)
                {
                    if (!item.Writes.Any(w => w.At == at)) changed |= RecordWrite(index, o.WrittenBy ?? "unknown", at, o.Writes);
                    else if (o.Writes is { } n && n > item.WriteCount) changed |= SetCount(index, n);
                }
                else if (!item.Present) changed |= RecordWrite(index, o.WrittenBy ?? "unknown", _time.GetUtcNow(), o.Writes);
                else if (o.Writes is { } n && n > item.WriteCount) changed |= SetCount(index, n);
            }
            if (changed) Rejudge();
        }
    }

    bool SetCount(int index, int count)
    {
        _items[index] = _items[index] with { WriteCount = count };
        _feed.Publish("item", _items[index]);
        return true;
    }

    /// <summary>The table was emptied: every item is missing again and a new trial begins.</summary>
    public void ClearItems()
    {
        lock (_lock) StartTrialLocked();
    }

    void StartTrialLocked()
    {
        _trial++;
        _trialStartedAt = _time.GetUtcNow();
        for (var i = 0; i < _items.Length; i++) _items[i] = new ItemView { Index = i };
        _feed.Publish("trial", new { trial = _trial, startedAt = _trialStartedAt, items = _items.ToList() });
        Rejudge();
    }

    /// <summary>
    /// Appends one line of a task's log. Structured lines of the processing loop are read, not shown:
    /// they tell where a run started.
    /// </summary>
    public void AppendLog(string taskId, DateTimeOffset at, string text)
    {
        if (JobLogLine.TryParse(text) is { } structured)
        {
            if (structured.Event == JobLogLine.Start) RecordStart(taskId, structured.Index);
            return;
        }
        lock (_lock)
        {
            var line = new LogLineView(++_logNumber, at, taskId, text.Length > 2000 ? text[..2000] + "…" : text);
            _logs.Enqueue(line);
            while (_logs.Count > MaxLogLines) _logs.Dequeue();
            _feed.Publish("log", line);
            if (StartIndexOf(text) is { } start) SetStartIndex(taskId, start);
        }
    }

    /// <summary>The batch job's structured "start" line says where the run starts.</summary>
    void RecordStart(string taskId, int? start)
    {
        lock (_lock)
        {
            var task = _tasks.FirstOrDefault(t => t.TaskId == taskId);
            if (task is null) return;
            if (start is { } index) SetStartIndex(taskId, index);
            // A start line without an index comes from an older image: the baseline always starts at 0.
            else if (task is { Kind: TaskKind.Baseline, StartIndex: null }) SetStartIndex(taskId, 0);
        }
    }

    /// <summary>
    /// The workshop's own task images print no structured lines, only "Continuing at K": read it for them.
    /// A structured start line, when there is one, has already said the same.
    /// </summary>
    static int? StartIndexOf(string text) =>
        text.StartsWith("Continuing at ", StringComparison.Ordinal) && int.TryParse(text.AsSpan(14).Trim(), out var k) ? k : null;

    void SetStartIndex(string taskId, int start)
    {
        var index = _tasks.FindIndex(t => t.TaskId == taskId);
        if (index < 0 || _tasks[index].StartIndex == start) return;
        _tasks[index] = _tasks[index] with { StartIndex = start };
        _feed.Publish("task", _tasks[index]);
        Rejudge();
    }

    void Rejudge()
    {
        var verdict = VerdictCalculator.Judge(_tasks.Where(t => t.Trial == _trial).ToList(), _items, BatchSize);
        if (verdict.Status == _verdict.Status && verdict.Headline == _verdict.Headline && verdict.Evidence.SequenceEqual(_verdict.Evidence))
            return;
        _verdict = verdict;
        _feed.Publish("verdict", verdict);
    }
}
