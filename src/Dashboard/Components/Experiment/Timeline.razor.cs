using System.Globalization;
using ChaosDashboard.Experiment;
using Microsoft.AspNetCore.Components;

namespace ChaosDashboard.Components.Experiment;

public partial class Timeline : IDisposable
{
    const int Width = 1200, Height = 340;
    const double PlotLeft = 60, PlotRight = 1180, PlotTop = 44, PlotBottom = 300;

    /// <summary>One colour per task of the trial, in launch order.</summary>
    static readonly string[] Palette = ["#4cc9f0", "#f72585", "#b5e48c", "#ffd166", "#c77dff", "#90e0ef", "#ff9f1c", "#06d6a0"];
    const string UnknownWriter = "#9aa8b8";

    static readonly int[] TickSteps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];

    sealed record Lane(string TaskId, string Label, string BandLabel, string Colour, DateTimeOffset From, DateTimeOffset To);
    sealed record Window(DateTimeOffset From, DateTimeOffset To);
    sealed record Dot(int Index, DateTimeOffset At, string Colour, string Title);

    [Inject] TimeProvider Time { get; set; } = default!;

    [Parameter, EditorRequired] public Snapshot State { get; set; } = default!;

    /// <summary>The time the chart is drawn at; a replay passes its position, else the clock's now.</summary>
    [Parameter] public DateTimeOffset? Now { get; set; }

    List<Lane> _lanes = [];
    List<Window> _windows = [];
    List<Dot> _dots = [];
    List<DateTimeOffset> _ticks = [];
    int _batchSize;
    DateTimeOffset _start, _end;
    ITimer? _clock;

    protected override void OnInitialized()
    {
        // A running task's band grows with time even when nothing else changes.
        if (RendererInfo.IsInteractive)
            _clock = Time.CreateTimer(_ => InvokeAsync(Tick), null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
    }

    bool IsRunning => State.Tasks.Any(t => t.Trial == State.Trial && !TaskLifecycle.IsStopped(t.LastStatus))
        || State.Experiments.Any(e => e.Trial == State.Trial && !ExperimentView.IsFinal(e.Status));

    /// <summary>What the chart was last laid out from: a frame that changed none of it (a log line) leaves it as it is.</summary>
    object?[]? _laidOutFrom;
    /// <summary>Counts layouts: the chart draws again after each, and only then.</summary>
    int _layouts;

    object?[] LaidOutFrom() => [State.Tasks, State.Experiments, State.Items, State.Trial, State.TrialStartedAt, State.BatchSize, Now];

    protected override object?[] DrawnFrom() => [_layouts];

    protected override void OnParametersSet()
    {
        var from = LaidOutFrom();
        if (_laidOutFrom is not null && Same(_laidOutFrom, from)) return;
        _laidOutFrom = from;
        Layout();
    }

    void Tick()
    {
        if (!IsRunning) return;
        Layout();
        StateHasChanged();
    }

    void Layout()
    {
        _layouts++;
        var now = Now ?? Time.GetUtcNow();
        var tasks = State.Tasks.Where(t => t.Trial == State.Trial).ToList();
        var colours = new Dictionary<string, string>();
        _lanes = tasks.Select((task, i) =>
        {
            var colour = Palette[i % Palette.Length];
            colours[task.TaskId] = colour;
            var kind = task.Kind.ToString().ToLowerInvariant();
            return new Lane(task.TaskId, $"{Format.ShortId(task.TaskId)} {kind}", $"{kind} {Format.ShortId(task.TaskId)}", colour,
                task.Began ?? now, task.StoppedAt ?? now);
        }).ToList();
        _windows = State.Experiments
            .Where(e => e.Trial == State.Trial && e.StartTime is not null)
            .Select(e => new Window(e.StartTime!.Value, e.EndTime ?? now))
            .ToList();
        _dots = State.Items
            .SelectMany(item => item.Writes.Select(w => new Dot(item.Index, w.At, colours.GetValueOrDefault(w.TaskId, UnknownWriter),
                $"{Format.ShortId(w.TaskId)}: item {item.Index} at {Format.Clock(w.At)}")))
            .ToList();
        _batchSize = Math.Max(State.BatchSize, 2);

        // From the first task's creation to now while something runs, else to the last thing that happened.
        _start = _lanes.Count > 0 ? _lanes.Min(l => l.From) : State.TrialStartedAt;
        var last = _lanes.Select(l => l.To).Concat(_windows.Select(w => w.To)).Concat(_dots.Select(d => d.At)).DefaultIfEmpty(_start).Max();
        _end = IsRunning ? Max(now, last) : last;
        if (_end - _start < TimeSpan.FromSeconds(10)) _end = _start + TimeSpan.FromSeconds(10);
        else _end += (_end - _start) * 0.02; // a little room after the last dot

        var seconds = (_end - _start).TotalSeconds;
        var step = TickSteps.FirstOrDefault(s => seconds / s <= 8, TickSteps[^1]);
        var first = DateTimeOffset.FromUnixTimeSeconds((long)Math.Ceiling(_start.ToUnixTimeMilliseconds() / 1000.0 / step) * step);
        _ticks = [];
        for (var tick = first; tick <= _end; tick = tick.AddSeconds(step)) _ticks.Add(tick);
    }

    static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    double X(DateTimeOffset at)
    {
        var span = (_end - _start).TotalMilliseconds;
        var x = PlotLeft + (at - _start).TotalMilliseconds / span * (PlotRight - PlotLeft);
        return Math.Clamp(x, PlotLeft, PlotRight);
    }

    double Y(int item) => PlotBottom - 12 - item * (PlotBottom - PlotTop - 24) / (_batchSize - 1);

    /// <summary>SVG wants invariant numbers, whatever the server's culture.</summary>
    static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    string Summary => $"Items written over time: {_dots.Count} writes by {_lanes.Count} task{(_lanes.Count == 1 ? "" : "s")}"
        + (_windows.Count > 0 ? $", {_windows.Count} experiment window{(_windows.Count == 1 ? "" : "s")}" : "");

    public void Dispose()
    {
        _clock?.Dispose();
        GC.SuppressFinalize(this);
    }
}
