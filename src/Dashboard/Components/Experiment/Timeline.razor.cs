using System.Globalization;
using System.Net;
using System.Text;
using ChaosDashboard.Components.Shared;
using ChaosDashboard.Experiment;
using Microsoft.AspNetCore.Components;

namespace ChaosDashboard.Components.Experiment;

/// <summary>
/// The timeline's SVG is written as one string of markup rather than drawn as a render tree: a tree keeps
/// every element and attribute of its largest drawing twice per open page (the current and the previous
/// render), which for this chart was the largest part of what an idle page holds. A string is one frame,
/// and pages that show the same chart hold the same string (<see cref="SharedMarkup"/>). Every text and
/// attribute taken from the model is encoded.
/// </summary>
public partial class Timeline : IDisposable
{
    const int Width = 1200, Height = 340;
    const double PlotLeft = 60, PlotRight = 1180, PlotTop = 44, PlotBottom = 300;

    /// <summary>One colour per task of the trial, in launch order.</summary>
    static readonly string[] Palette = ["#4cc9f0", "#f72585", "#b5e48c", "#ffd166", "#c77dff", "#90e0ef", "#ff9f1c", "#06d6a0"];
    const string UnknownWriter = "#9aa8b8";

    static readonly int[] TickSteps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];

    sealed record Lane(string Label, string BandLabel, string Colour, DateTimeOffset From, DateTimeOffset To);
    sealed record Window(DateTimeOffset From, DateTimeOffset To);
    sealed record Dot(int Index, DateTimeOffset At, string Colour, string Title);

    [Inject] TimeProvider Time { get; set; } = default!;

    [Parameter, EditorRequired] public Snapshot State { get; set; } = default!;

    /// <summary>The time the chart is drawn at; a replay passes its position, else the clock's now.</summary>
    [Parameter] public DateTimeOffset? Now { get; set; }

    /// <summary>The chart as drawn last; nothing else of a layout is kept between renders.</summary>
    MarkupString _chart;
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

    object?[] LaidOutFrom() => [State.Tasks, State.Experiments, State.Items, State.Trial, State.TrialStartedAt, State.BatchSize, Now];

    /// <summary>The chart draws again when its markup changed, and only then.</summary>
    protected override object?[] DrawnFrom() => [_chart.Value];

    protected override void OnParametersSet()
    {
        var from = LaidOutFrom();
        if (_laidOutFrom is not null && Same(_laidOutFrom, from)) return;
        _laidOutFrom = from;
        _chart = new MarkupString(SharedMarkup.Share(Draw(State, Now ?? Time.GetUtcNow(), IsRunning)));
    }

    void Tick()
    {
        if (!IsRunning) return;
        _chart = new MarkupString(SharedMarkup.Share(Draw(State, Now ?? Time.GetUtcNow(), running: true)));
        StateHasChanged();
    }

    /// <summary>Lays the trial out at <paramref name="now"/> and writes it as SVG.</summary>
    static string Draw(Snapshot state, DateTimeOffset now, bool running)
    {
        var tasks = state.Tasks.Where(t => t.Trial == state.Trial).ToList();
        var colours = new Dictionary<string, string>();
        var lanes = tasks.Select((task, i) =>
        {
            var colour = Palette[i % Palette.Length];
            colours[task.TaskId] = colour;
            var kind = task.Kind.ToString().ToLowerInvariant();
            return new Lane($"{Format.ShortId(task.TaskId)} {kind}", $"{kind} {Format.ShortId(task.TaskId)}", colour,
                task.Began ?? now, task.StoppedAt ?? now);
        }).ToList();
        var windows = state.Experiments
            .Where(e => e.Trial == state.Trial && e.StartTime is not null)
            .Select(e => new Window(e.StartTime!.Value, e.EndTime ?? now))
            .ToList();
        var dots = state.Items
            .SelectMany(item => item.Writes.Select(w => new Dot(item.Index, w.At, colours.GetValueOrDefault(w.TaskId, UnknownWriter),
                $"{Format.ShortId(w.TaskId)}: item {item.Index} at {Format.Clock(w.At)}")))
            .ToList();
        var batchSize = Math.Max(state.BatchSize, 2);

        // From the first task's creation to now while something runs, else to the last thing that happened.
        var start = lanes.Count > 0 ? lanes.Min(l => l.From) : state.TrialStartedAt;
        var last = lanes.Select(l => l.To).Concat(windows.Select(w => w.To)).Concat(dots.Select(d => d.At)).DefaultIfEmpty(start).Max();
        var end = running ? Max(now, last) : last;
        if (end - start < TimeSpan.FromSeconds(10)) end = start + TimeSpan.FromSeconds(10);
        else end += (end - start) * 0.02; // a little room after the last dot

        var seconds = (end - start).TotalSeconds;
        var step = TickSteps.FirstOrDefault(s => seconds / s <= 8, TickSteps[^1]);
        var firstTick = DateTimeOffset.FromUnixTimeSeconds((long)Math.Ceiling(start.ToUnixTimeMilliseconds() / 1000.0 / step) * step);

        double X(DateTimeOffset at) =>
            Math.Clamp(PlotLeft + (at - start).TotalMilliseconds / (end - start).TotalMilliseconds * (PlotRight - PlotLeft), PlotLeft, PlotRight);
        double Y(int item) => PlotBottom - 12 - item * (PlotBottom - PlotTop - 24) / (batchSize - 1);

        var summary = $"Items written over time: {dots.Count} writes by {lanes.Count} task{(lanes.Count == 1 ? "" : "s")}"
            + (windows.Count > 0 ? $", {windows.Count} experiment window{(windows.Count == 1 ? "" : "s")}" : "");

        var svg = new StringBuilder(2048 + 160 * (batchSize + dots.Count));
        svg.Append($"<svg class=\"timeline\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Text(summary)}\" preserveAspectRatio=\"xMidYMid meet\">");
        svg.Append($"<title>{Text(summary)}</title>");

        // Legend
        var legendX = PlotLeft;
        foreach (var lane in lanes)
        {
            svg.Append($"<g><circle cx=\"{N(legendX + 7)}\" cy=\"14\" r=\"7\" fill=\"{lane.Colour}\"></circle><text x=\"{N(legendX + 20)}\" y=\"19\" class=\"legend\">{Text(lane.Label)}</text></g>");
            legendX += 30 + 9 * lane.Label.Length;
        }
        if (windows.Count > 0)
            svg.Append($"<g><rect x=\"{N(legendX)}\" y=\"7\" width=\"14\" height=\"14\" class=\"experiment\"></rect><text x=\"{N(legendX + 20)}\" y=\"19\" class=\"legend\">FIS experiment</text></g>");

        // Items axis and grid
        for (var item = 0; item < batchSize; item++)
            svg.Append($"<g><line x1=\"{N(PlotLeft)}\" x2=\"{N(PlotRight)}\" y1=\"{N(Y(item))}\" y2=\"{N(Y(item))}\" class=\"grid\"></line><text x=\"{N(PlotLeft - 10)}\" y=\"{N(Y(item) + 5)}\" class=\"axis\" text-anchor=\"end\">{item}</text></g>");
        svg.Append($"<g><text x=\"{N(PlotLeft - 10)}\" y=\"{N(PlotTop - 12)}\" class=\"axis\" text-anchor=\"end\">item</text></g>");

        // Task lifetimes and the experiment window
        foreach (var lane in lanes)
            svg.Append($"<g><rect x=\"{N(X(lane.From))}\" y=\"{N(PlotTop)}\" width=\"{N(Math.Max(1, X(lane.To) - X(lane.From)))}\" height=\"{N(PlotBottom - PlotTop)}\" fill=\"{lane.Colour}\" class=\"band\"></rect><text x=\"{N(X(lane.From) + 6)}\" y=\"{N(PlotTop + 16)}\" class=\"band-label\">{Text(lane.BandLabel)}</text></g>");
        foreach (var window in windows)
            svg.Append($"<g><rect x=\"{N(X(window.From))}\" y=\"{N(PlotTop)}\" width=\"{N(Math.Max(2, X(window.To) - X(window.From)))}\" height=\"{N(PlotBottom - PlotTop)}\" class=\"experiment window\"></rect><text x=\"{N(X(window.From) + 4)}\" y=\"{N(PlotTop + 34)}\" class=\"experiment-label\">experiment</text></g>");

        // Time axis
        svg.Append($"<line x1=\"{N(PlotLeft)}\" x2=\"{N(PlotRight)}\" y1=\"{N(PlotBottom)}\" y2=\"{N(PlotBottom)}\" class=\"axis-line\"></line>");
        for (var tick = firstTick; tick <= end; tick = tick.AddSeconds(step))
            svg.Append($"<g><line x1=\"{N(X(tick))}\" x2=\"{N(X(tick))}\" y1=\"{N(PlotBottom)}\" y2=\"{N(PlotBottom + 6)}\" class=\"axis-line\"></line><text x=\"{N(X(tick))}\" y=\"{N(PlotBottom + 24)}\" class=\"axis\" text-anchor=\"middle\">{Format.Clock(tick)}</text></g>");

        // Item writes
        foreach (var dot in dots)
            svg.Append($"<circle cx=\"{N(X(dot.At))}\" cy=\"{N(Y(dot.Index))}\" r=\"8\" fill=\"{dot.Colour}\" class=\"write\"><title>{Text(dot.Title)}</title></circle>");

        svg.Append("</svg>");
        return svg.ToString();
    }

    static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>SVG wants invariant numbers, whatever the server's culture.</summary>
    static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>Text from the model (task ids, labels) as markup: encoded, so it can never become an element.</summary>
    static string Text(string value) => WebUtility.HtmlEncode(value);

    public void Dispose()
    {
        _clock?.Dispose();
        GC.SuppressFinalize(this);
    }
}
