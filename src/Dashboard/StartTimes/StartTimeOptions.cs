using ChaosDashboard.Configuration;

namespace ChaosDashboard.StartTimes;

/// <summary>The "StartTimes" settings of appsettings.json (StartTimes__Database, --StartTimes:Database …).</summary>
public sealed class StartTimeOptions : ISettingsSection
{
    /// <summary>The SQLite file; by default under the user's local application data, so it outlives rebuilds.</summary>
    public string Database
    {
        get => _database;
        set => _database = string.IsNullOrWhiteSpace(value) ? DefaultDatabasePath() : value.Trim();
    }

    string _database = DefaultDatabasePath();

    /// <summary>How often AWS mode reads the events log group again, in seconds.</summary>
    public double RefreshSeconds { get; set; } = 60;

    /// <summary>Largest accepted import, in megabytes.</summary>
    public double MaxImportMegabytes { get; set; } = 25;

    /// <summary>Sandbox mode: how many generated tasks of each of the two SOCI demo families a new, empty store starts with.</summary>
    public int SandboxSeedTasksPerFamily { get; set; } = 12;

    public long MaxImportBytes => (long)(MaxImportMegabytes * 1024 * 1024);

    /// <summary>Settings that could not be used and kept their default, for the page to show.</summary>
    public IReadOnlyList<string> Warnings { get; set; } = [];

    public const string Section = "StartTimes";

    public static readonly NumberSetting[] Numbers =
    [
        new(nameof(RefreshSeconds), 5, 86_400), new(nameof(MaxImportMegabytes), 0.001, 1024), new(nameof(SandboxSeedTasksPerFamily), 0, 1000),
    ];

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
}
