using System.Threading.Channels;
using ChaosDashboard.Batch;
using ChaosDashboard.Experiment.Parts;
using ChaosDashboard.Live;

namespace ChaosDashboard.Experiment;

/// <summary>
/// The live state of the checkpointing experiment, shared by every browser. Whatever watches AWS
/// (or the sandbox) reports observations here; each change becomes a numbered delta on the feed.
/// Its parts (the runs, the items of the trial, the log) change under one lock, so a snapshot and the
/// deltas after it never interleave wrongly. All buffers are bounded: log lines, tasks and
/// experiments kept, writes per item, and the feed's history.
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
    readonly RunRecords _runs;
    readonly ItemLedger _items;
    readonly LogBuffer _log;
    readonly SortedDictionary<string, string> _problems = new(StringComparer.Ordinal);
    Verdict _verdict;

    public LiveExperiment(int batchSize, SettingsView settings, TimeProvider? time = null, LiveFeed? feed = null)
    {
        BatchSize = batchSize;
        Settings = settings;
        _time = time ?? TimeProvider.System;
        _feed = feed ?? new LiveFeed(time: _time);
        _runs = new RunRecords(_feed, _time);
        _items = new ItemLedger(batchSize, _feed, _time);
        _log = new LogBuffer(_feed);
        _verdict = VerdictCalculator.Judge([], _items.Items, batchSize);
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
        get { lock (_lock) return _items.Trial; }
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

    /// <summary>The last snapshot: a new one reuses its parts that did not change (see <see cref="SnapshotLocked"/>).</summary>
    Snapshot? _lastSnapshot;

    /// <summary>
    /// A snapshot whose unchanged parts are the previous snapshot's own lists: the pages render only
    /// the cards whose part is a new object, so a log line redraws the log and nothing else.
    /// </summary>
    Snapshot SnapshotLocked()
    {
        var last = _lastSnapshot;
        var problems = ProblemList();
        var snapshot = new Snapshot
        {
            Seq = _feed.Seq,
            Mode = Settings.Mode,
            BatchSize = BatchSize,
            Trial = _items.Trial,
            TrialStartedAt = _items.TrialStartedAt,
            Tasks = Reuse(last?.Tasks, _runs.Tasks),
            Experiments = Reuse(last?.Experiments, _runs.Experiments),
            Items = Reuse(last?.Items, _items.Items),
            Logs = last is not null && SameLines(last.Logs, _log) ? last.Logs : _log.Lines.ToList(),
            Verdict = _verdict,
            Settings = Settings,
            Problems = last is not null && last.Problems.SequenceEqual(problems) ? last.Problems : problems,
        };
        _lastSnapshot = snapshot;
        return snapshot;
    }

    /// <summary>The parts' elements are immutable records, replaced when they change: same references, same part.</summary>
    static IReadOnlyList<T> Reuse<T>(IReadOnlyList<T>? last, IReadOnlyList<T> now) where T : class
    {
        if (last is not null && last.Count == now.Count)
        {
            var same = true;
            for (var i = 0; i < now.Count && same; i++) same = ReferenceEquals(last[i], now[i]);
            if (same) return last;
        }
        return now.ToList();
    }

    /// <summary>Lines are numbered as they arrive: the same count and the same newest number are the same lines.</summary>
    static bool SameLines(IReadOnlyList<LogLineView> last, LogBuffer log) =>
        last.Count == log.Lines.Count && (last.Count == 0 || last[^1].Number == log.LastNumber);

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
        lock (_lock) return _runs.Experiments.ToList();
    }

    /// <summary>A task not yet stopped or an experiment not yet finished: the time to poll fast.</summary>
    public bool HasActivity(TimeSpan afterStop)
    {
        var now = _time.GetUtcNow();
        lock (_lock) return _runs.HasActivity(now, afterStop);
    }

    public TaskView? FindTask(string taskId)
    {
        lock (_lock) return _runs.FindTask(taskId);
    }

    public IReadOnlyList<TaskView> Tasks()
    {
        lock (_lock) return _runs.Tasks.ToList();
    }

    /// <summary>Records a task's latest state. Unchanged observations publish nothing.</summary>
    public void ObserveTask(TaskView observed)
    {
        lock (_lock)
        {
            if (_runs.ObserveTask(observed, _items.Trial)) Rejudge();
        }
    }

    public void ObserveExperiment(ExperimentView observed)
    {
        lock (_lock) _runs.ObserveExperiment(observed, _items.Trial);
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
            if (_items.RecordWrite(index, taskId, at, writeCount)) Rejudge();
        }
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
            // A read that started before a clear describes the old trial's table.
            if (readInTrial is { } trial && trial != _items.Trial) return;
            if (_items.ObserveTable(observed)) Rejudge();
        }
    }

    /// <summary>The table was emptied: every item is missing again and a new trial begins.</summary>
    public void ClearItems()
    {
        lock (_lock)
        {
            _items.StartTrial();
            Rejudge();
        }
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
            _log.Append(taskId, at, text);
            if (StartIndexOf(text) is { } start) SetStartIndex(taskId, start);
        }
    }

    /// <summary>The batch job's structured "start" line says where the run starts.</summary>
    void RecordStart(string taskId, int? start)
    {
        lock (_lock)
        {
            var task = _runs.FindTask(taskId);
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
        if (_runs.SetStartIndex(taskId, start)) Rejudge();
    }

    void Rejudge()
    {
        var verdict = VerdictCalculator.Judge(_runs.TasksOfTrial(_items.Trial), _items.Items, BatchSize);
        if (verdict.Status == _verdict.Status && verdict.Headline == _verdict.Headline && verdict.Evidence.SequenceEqual(_verdict.Evidence))
            return;
        _verdict = verdict;
        _feed.Publish("verdict", verdict);
    }
}
