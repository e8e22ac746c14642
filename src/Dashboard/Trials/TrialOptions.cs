using ChaosDashboard.Configuration;

namespace ChaosDashboard.Trials;

/// <summary>The "Trials" settings of appsettings.json (Trials__Database, --Trials:KeepTrials …).</summary>
public sealed class TrialOptions : ISettingsSection
{
    public const string Section = "Trials";

    public static readonly NumberSetting[] Numbers =
    [
        new(nameof(KeepTrials), 1, 100_000), new(nameof(MaxLogLinesPerTrial), 0, 1_000_000), new(nameof(MaxImportMegabytes), 0.001, 1024),
    ];

    /// <summary>The SQLite file of recorded trials; empty means beside the start-time store's file (see <see cref="DatabaseBeside"/>).</summary>
    public string Database { get; set; } = "";

    /// <summary>How many trials are kept; the oldest go first, never the one being recorded.</summary>
    public int KeepTrials { get; set; } = 200;

    /// <summary>Log lines recorded per trial: a task that logs without end cannot fill the disk.</summary>
    public int MaxLogLinesPerTrial { get; set; } = 5000;

    /// <summary>Largest accepted trial file, in megabytes.</summary>
    public double MaxImportMegabytes { get; set; } = 25;

    public long MaxImportBytes => (long)(MaxImportMegabytes * 1024 * 1024);

    public IReadOnlyList<string> Warnings { get; set; } = [];

    /// <summary>The file to use: the setting, or one beside the start-time store's file.</summary>
    public string DatabaseBeside(string startTimesDatabase) =>
        string.IsNullOrWhiteSpace(Database) ? BesideStartTimes(startTimesDatabase) : Database.Trim();

    /// <summary>
    /// "start-times.db" → "start-times.trials.db" in the same folder: a file of its own, so a long
    /// start-time import never holds up the recording, yet it goes wherever the start times go.
    /// </summary>
    public static string BesideStartTimes(string startTimesDatabase)
    {
        var folder = Path.GetDirectoryName(startTimesDatabase) ?? "";
        return Path.Combine(folder, Path.GetFileNameWithoutExtension(startTimesDatabase) + ".trials.db");
    }
}
