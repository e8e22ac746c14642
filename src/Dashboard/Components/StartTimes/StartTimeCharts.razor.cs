using ChaosDashboard.StartTimeAnalysis.Analysis;
using ChaosDashboard.StartTimes;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ChaosDashboard.Components.StartTimes;

public partial class StartTimeCharts
{
    static readonly string[] Palette = ["#4cc9f0", "#ffb020", "#b5e48c", "#f72585", "#c77dff", "#90e0ef", "#ff9f1c", "#06d6a0"];
    static readonly string[] PhaseColours = ["#5b7fa6", "#ffb020", "#3ddc84"];

    [Parameter, EditorRequired] public StartTimePageModel Model { get; set; } = default!;

    List<string> _names = [];
    List<ChartSeries<double>> _strip = [];
    List<ChartSeries<double>> _phases = [];
    ScatterPlotChartOptions _stripOptions = new();
    StackedBarChartOptions _phaseOptions = new();
    int _dots;

    /// <summary>One band per task definition, tall enough to read on a projector.</summary>
    string Height => $"{Math.Max(300, 80 * _names.Count + 120)}px";

    protected override void OnParametersSet()
    {
        var groups = Model.ShownGroups.Where(g => g[StartMeasure.Total] is not null).ToList();
        _names = groups.Select(Name).ToList();
        // A task definition keeps its colour when the family filter changes: colours follow every group of the range.
        var colourOrder = Model.Report.Groups.Select(Name).ToList();
        var rows = Model.ShownTasks.Where(t => t.Started && t.Total is not null).ToList();

        // The first task definition at the top, as in the tables: band k of n sits at y = n - k.
        _strip = groups.Select((group, k) => new ChartSeries<double>
        {
            Name = Name(group),
            Data = new ChartData<double>(rows.Where(r => r.Group == Name(group))
                .Select(r => (r.Total!.Value, _names.Count - k + Jitter(r.TaskId)))
                .ToList()),
        }).ToList();
        _dots = _strip.Sum(s => s.Data.Count);
        _stripOptions = new ScatterPlotChartOptions
        {
            ChartPalette = groups.Select(g => Palette[Math.Max(0, colourOrder.IndexOf(Name(g))) % Palette.Length]).ToArray(),
            PointRadius = 7,
            XAxisTicks = NiceStep(rows.Select(r => r.Total!.Value).DefaultIfEmpty(1).Max()),
            YAxisTicks = 1,
            YAxisToStringFunc = y => BandName(y),
            XAxisTitle = "total start time (s)",
            XAxisFormat = "0.#",
            ShowLegend = false,
            TooltipTitleFormat = "{{SERIES_NAME}}: {{X_VALUE}} s",
        };

        _phases =
        [
            Phase("provisioning", groups, StartMeasure.Provisioning),
            Phase("image pull", groups, StartMeasure.ImagePull),
            Phase("container start", groups, StartMeasure.ContainerStart),
        ];
        _phaseOptions = new StackedBarChartOptions
        {
            ChartPalette = PhaseColours,
            YAxisTitle = "median seconds",
            YAxisTicks = NiceStep(groups.Select(g => g[StartMeasure.Total]?.Median ?? 0).DefaultIfEmpty(1).Max()),
            YAxisFormat = "0.#",
            ShowLegend = true,
        };
    }

    /// <summary>A round tick spacing (whole seconds, as the chart takes them) giving about six ticks up to <paramref name="max"/>.</summary>
    static int NiceStep(double max)
    {
        int[] steps = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600];
        return steps.FirstOrDefault(step => max / step <= 7, steps[^1]);
    }

    static string Name(GroupSummary group) => group.Family + ":" + (group.Revision?.ToString() ?? "unknown");

    static ChartSeries<double> Phase(string name, IReadOnlyList<GroupSummary> groups, StartMeasure measure) => new()
    {
        Name = name,
        Data = new ChartData<double>(groups.Select(g => Math.Round(g[measure]?.Median ?? 0, 2)).ToList()),
    };

    /// <summary>The task definition whose band a y tick is the middle of; blank between bands.</summary>
    string BandName(double y)
    {
        var band = Math.Round(y);
        if (Math.Abs(y - band) > 0.01) return "";
        var k = _names.Count - (int)band;
        return k >= 0 && k < _names.Count ? _names[k] : "";
    }

    /// <summary>A fixed offset in [-0.28, 0.28] per task, so dots of equal times stay apart and never move between renders.</summary>
    static double Jitter(string taskId)
    {
        var hash = 0;
        foreach (var c in taskId) hash = unchecked(hash * 31 + c);
        return (Math.Abs(hash % 1000) / 1000.0 - 0.5) * 0.56;
    }
}
