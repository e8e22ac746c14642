using ChaosDashboard.Configuration;

namespace ChaosDashboard.Sandbox;

/// <summary>Settings of the in-process simulation of ECS, FIS, DynamoDB and CloudWatch Logs.</summary>
public sealed class SandboxOptions : ISettingsSection
{
    /// <summary>
    /// How much faster than real time the sandbox runs. 15 writes an item every 2 s instead of the
    /// workshop's 30 s; 1 is real time.
    /// </summary>
    public double TimeScale { get; set; } = 15;

    public int BatchSize { get; set; } = 10;

    /// <summary>The processing task's interval between items, in real-world seconds.</summary>
    public double ItemIntervalSeconds { get; set; } = 30;

    public const string Section = "Sandbox";

    /// <summary>The numbers of the section and the ranges in which they work; others are corrected with a warning.</summary>
    public static readonly NumberSetting[] Numbers =
    [
        new(nameof(TimeScale), 0.01, 10_000), new(nameof(BatchSize), 1, 1000), new(nameof(ItemIntervalSeconds), 0.001, 3600),
    ];

    /// <summary>Settings that could not be used and kept their default, for the page.</summary>
    public IReadOnlyList<string> Warnings { get; set; } = [];

    public TimeSpan Scaled(double realSeconds) => TimeSpan.FromSeconds(realSeconds / Math.Max(TimeScale, 0.001));
}
