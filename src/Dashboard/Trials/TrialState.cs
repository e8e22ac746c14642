using System.Text.Json;
using ChaosDashboard.Experiment;
using ChaosDashboard.Live;

namespace ChaosDashboard.Trials;

/// <summary>One recorded change of the live model: its place in the trial, when it happened, its type and its JSON.</summary>
public sealed record TrialChange(int Number, DateTimeOffset At, string Type, string Data);

/// <summary>A change that cannot be applied: an unknown type or data of the wrong shape.</summary>
public sealed class TrialChangeException(string message) : Exception(message);

/// <summary>
/// The experiment page's state rebuilt from recorded changes, applied in order as the browsers once
/// received them. The recorder keeps one to summarise a trial as it goes; a replay keeps one to draw
/// the page at any position. Mutable while it is built; <see cref="ToSnapshot"/> hands out immutable copies.
/// </summary>
public sealed class TrialState
{
    public static readonly IReadOnlySet<string> Types =
        new HashSet<string> { "snapshot", "settings", "problems", "task", "experiment", "item", "trial", "log", "verdict" };

    readonly List<TaskView> _tasks = [];
    readonly List<ExperimentView> _experiments = [];
    readonly List<ItemView> _items = [];
    readonly List<LogLineView> _logs = [];
    long _seq;
    string _mode = "sandbox";
    int _batchSize;
    int _trial = 1;
    DateTimeOffset _trialStartedAt;
    Verdict _verdict = VerdictCalculator.Judge([], [], 0);
    SettingsView _settings = new("sandbox", "", "", "", "", "", "", 0, []);
    List<ProblemView> _problems = [];

    public int Trial => _trial;

    /// <summary>Applies one change; throws <see cref="TrialChangeException"/> when it cannot be read.</summary>
    public void Apply(string type, string json)
    {
        try
        {
            ApplyParsed(type, json);
        }
        catch (JsonException e)
        {
            // The serialiser's own message names .NET types; the field is what a reader can look for in the file.
            var field = e.Path?.TrimStart('$', '.');
            throw new TrialChangeException(string.IsNullOrEmpty(field)
                ? $"the {type} change is not valid: it is not the record a {type} change holds."
                : $"the {type} change is not valid: its {field} cannot be read as the value it should be.");
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new TrialChangeException($"the {type} change is not valid: {e.Message}");
        }
        _seq++;
    }

    void ApplyParsed(string type, string json)
    {
        switch (type)
        {
            case "snapshot":
                Load(Read<Snapshot>(json));
                break;
            case "settings":
                _settings = Read<SettingsView>(json);
                _mode = _settings.Mode;
                break;
            case "problems":
                _problems = Read<List<ProblemView>>(json);
                break;
            case "task":
                Upsert(_tasks, Read<TaskView>(json), t => t.TaskId, LiveExperiment.MaxTasks);
                break;
            case "experiment":
                Upsert(_experiments, Read<ExperimentView>(json), e => e.ExperimentId, LiveExperiment.MaxExperiments);
                break;
            case "item":
                var item = Read<ItemView>(json);
                if (item.Index < 0 || item.Index >= 10_000) throw new TrialChangeException($"item index {item.Index} is out of range");
                while (_items.Count <= item.Index) _items.Add(new ItemView { Index = _items.Count });
                _items[item.Index] = item;
                _batchSize = Math.Max(_batchSize, _items.Count);
                break;
            case "trial":
                var trial = Read<TrialStart>(json);
                _trial = trial.Trial;
                _trialStartedAt = trial.StartedAt;
                _items.Clear();
                _items.AddRange(trial.Items ?? []);
                break;
            case "log":
                _logs.Add(Read<LogLineView>(json));
                if (_logs.Count > LiveExperiment.MaxLogLines) _logs.RemoveRange(0, _logs.Count - LiveExperiment.MaxLogLines);
                break;
            case "verdict":
                _verdict = Read<Verdict>(json);
                break;
            default:
                throw new TrialChangeException($"\"{type}\" is not a kind of change this dashboard records");
        }
    }

    static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, LiveJson.Options) ?? throw new TrialChangeException($"the change has no data");

    static void Upsert<T>(List<T> list, T value, Func<T, string> key, int max)
    {
        var index = list.FindIndex(x => key(x) == key(value));
        if (index >= 0) list[index] = value;
        else
        {
            list.Add(value);
            if (list.Count > max) list.RemoveAt(0);
        }
    }

    void Load(Snapshot snapshot)
    {
        _mode = snapshot.Mode;
        _batchSize = snapshot.BatchSize;
        _trial = snapshot.Trial;
        _trialStartedAt = snapshot.TrialStartedAt;
        Replace(_tasks, snapshot.Tasks);
        Replace(_experiments, snapshot.Experiments);
        Replace(_items, snapshot.Items);
        Replace(_logs, snapshot.Logs);
        _verdict = snapshot.Verdict;
        _settings = snapshot.Settings;
        _problems = snapshot.Problems.ToList();
    }

    static void Replace<T>(List<T> list, IEnumerable<T>? values)
    {
        list.Clear();
        list.AddRange(values ?? []);
    }

    /// <summary>Forgets the log: a new trial's recording starts with the lines written during it.</summary>
    public void ClearLog() => _logs.Clear();

    public Snapshot ToSnapshot() => new()
    {
        Seq = _seq,
        Mode = _mode,
        BatchSize = _batchSize,
        Trial = _trial,
        TrialStartedAt = _trialStartedAt,
        Tasks = _tasks.ToList(),
        Experiments = _experiments.ToList(),
        Items = _items.ToList(),
        Logs = _logs.ToList(),
        Verdict = _verdict,
        Settings = _settings,
        Problems = _problems.ToList(),
    };

    /// <summary>The data of the live model's "trial" change (see LiveExperiment.StartTrialLocked).</summary>
    sealed record TrialStart(int Trial, DateTimeOffset StartedAt, List<ItemView>? Items);
}
