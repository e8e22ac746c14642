using System.Globalization;
using ChaosDashboard.StartTimeAnalysis.Analysis;

namespace ChaosDashboard.StartTimes;

/// <summary>How the start-time page writes figures; the browser client (startTimeFormat.ts) writes them the same way.</summary>
public static class StartTimeFormat
{
    /// <summary>Shown for a figure that is not known (a phase whose two times are not both known).</summary>
    public const string Missing = "–";

    /// <summary>A task's duration: seconds to the millisecond, as ECS gives them.</summary>
    public static string TaskSeconds(double? seconds) =>
        seconds is { } s ? s.ToString("F3", CultureInfo.InvariantCulture) : Missing;

    /// <summary>A summary figure (mean, median, p90…): two decimals read better from across a room.</summary>
    public static string Seconds(double? seconds) =>
        seconds is { } s ? s.ToString("F2", CultureInfo.InvariantCulture) : Missing;

    /// <summary>Clock and date in UTC, the same for every browser in the room.</summary>
    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : Missing;

    /// <summary>"4.21× faster", or "1.50× slower" when the first group is the slower one.</summary>
    public static string Speed(double? ratio) => ratio switch
    {
        null or <= 0 => Missing,
        >= 1 => Ratio(ratio) + " faster",
        _ => Ratio(1 / ratio) + " slower",
    };

    public static string Ratio(double? ratio) => ratio is { } r ? r.ToString("F2", CultureInfo.InvariantCulture) + "×" : Missing;

    /// <summary>The phases in the order a task goes through them, with the names the page uses.</summary>
    public static IReadOnlyList<(StartMeasure Measure, string Label)> Measures { get; } =
    [
        (StartMeasure.Total, "total"),
        (StartMeasure.Provisioning, "provisioning"),
        (StartMeasure.ImagePull, "image pull"),
        (StartMeasure.ContainerStart, "container start"),
    ];

    public static string Count(int count, string one, string? many = null) => count == 1 ? $"1 {one}" : $"{count} {many ?? one + "s"}";
}
