using System.Globalization;

namespace ChaosDashboard.StartTimes;

/// <summary>The "StartTimes" settings of appsettings.json (StartTimes__Database, --StartTimes:Database …).</summary>
public sealed class StartTimeOptions
{
    /// <summary>The SQLite file; by default under the user's local application data, so it outlives rebuilds.</summary>
    public string Database { get; set; } = DefaultDatabasePath();

    /// <summary>How often AWS mode reads the events log group again, in seconds.</summary>
    public double RefreshSeconds { get; set; } = 60;

    /// <summary>Largest accepted import, in megabytes.</summary>
    public double MaxImportMegabytes { get; set; } = 25;

    /// <summary>Sandbox mode: how many generated tasks of each of the two SOCI demo families a new, empty store starts with.</summary>
    public int SandboxSeedTasksPerFamily { get; set; } = 12;

    public long MaxImportBytes => (long)(MaxImportMegabytes * 1024 * 1024);

    /// <summary>Settings that could not be used and kept their default, for the page to show.</summary>
    public IReadOnlyList<string> Warnings { get; private set; } = [];

    /// <summary>
    /// Reads the section. A value that cannot be used keeps its default and yields a warning for the
    /// page, rather than stopping the dashboard.
    /// </summary>
    public static StartTimeOptions Read(IConfiguration section)
    {
        var options = new StartTimeOptions();
        var warnings = new List<string>();
        if (!string.IsNullOrWhiteSpace(section[nameof(Database)])) options.Database = section[nameof(Database)]!.Trim();
        options.RefreshSeconds = Number(section, nameof(RefreshSeconds), options.RefreshSeconds, 5, 86_400, warnings);
        options.MaxImportMegabytes = Number(section, nameof(MaxImportMegabytes), options.MaxImportMegabytes, 0.001, 1024, warnings);
        options.SandboxSeedTasksPerFamily = (int)Number(section, nameof(SandboxSeedTasksPerFamily), options.SandboxSeedTasksPerFamily, 0, 1000, warnings);
        options.Warnings = warnings;
        return options;
    }

    /// <summary>
    /// <c>~/.local/share/chaos-dashboard/start-times.db</c> on Linux (LocalApplicationData elsewhere);
    /// a relative file in the working folder when the system names no such folder.
    /// </summary>
    public static string DefaultDatabasePath()
    {
        var folder = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        return string.IsNullOrEmpty(folder)
            ? Path.Combine("chaos-dashboard", "start-times.db")
            : Path.Combine(folder, "chaos-dashboard", "start-times.db");
    }

    static double Number(IConfiguration section, string key, double fallback, double min, double max, List<string> warnings)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        warnings.Add($"Setting StartTimes:{key} = \"{text}\" is not a number from {min} to {max}; using {fallback}.");
        return fallback;
    }
}
