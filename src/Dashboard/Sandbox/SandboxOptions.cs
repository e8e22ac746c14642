namespace ChaosDashboard.Sandbox;

/// <summary>Settings of the in-process simulation of ECS, FIS, DynamoDB and CloudWatch Logs.</summary>
public sealed class SandboxOptions
{
    /// <summary>
    /// How much faster than real time the sandbox runs. 15 writes an item every 2 s instead of the
    /// workshop's 30 s; 1 is real time.
    /// </summary>
    public double TimeScale { get; set; } = 15;

    public int BatchSize { get; set; } = 10;

    /// <summary>The processing task's interval between items, in real-world seconds.</summary>
    public double ItemIntervalSeconds { get; set; } = 30;

    /// <summary>
    /// Reads the "Sandbox" settings. A value that is not a number or out of range keeps its default
    /// and yields a warning for the page, rather than stopping the dashboard.
    /// </summary>
    public static (SandboxOptions Options, IReadOnlyList<string> Warnings) Read(IConfiguration section)
    {
        var options = new SandboxOptions();
        var warnings = new List<string>();
        options.TimeScale = Number(section, nameof(TimeScale), options.TimeScale, 0.01, 10_000, warnings);
        options.BatchSize = (int)Number(section, nameof(BatchSize), options.BatchSize, 1, 1000, warnings);
        options.ItemIntervalSeconds = Number(section, nameof(ItemIntervalSeconds), options.ItemIntervalSeconds, 0.001, 3600, warnings);
        return (options, warnings);
    }

    static double Number(IConfiguration section, string key, double fallback, double min, double max, List<string> warnings)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
            return value;
        warnings.Add($"Setting Sandbox:{key} = \"{text}\" is not a number from {min} to {max}; using {fallback}.");
        return fallback;
    }

    public TimeSpan Scaled(double realSeconds) => TimeSpan.FromSeconds(realSeconds / Math.Max(TimeScale, 0.001));
}
