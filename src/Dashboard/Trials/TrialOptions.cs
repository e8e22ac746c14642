using System.Globalization;
using ChaosDashboard.StartTimes;

namespace ChaosDashboard.Trials;

/// <summary>The "Trials" settings of appsettings.json (Trials__Database, --Trials:KeepTrials …).</summary>
public sealed class TrialOptions
{
    /// <summary>The SQLite file of recorded trials; empty means beside the start-time store's file.</summary>
    public string Database { get; set; } = "";

    /// <summary>How many trials are kept; the oldest go first, never the one being recorded.</summary>
    public int KeepTrials { get; set; } = 200;

    /// <summary>Log lines recorded per trial: a task that logs without end cannot fill the disk.</summary>
    public int MaxLogLinesPerTrial { get; set; } = 5000;

    /// <summary>Largest accepted trial file, in megabytes.</summary>
    public double MaxImportMegabytes { get; set; } = 25;

    public long MaxImportBytes => (long)(MaxImportMegabytes * 1024 * 1024);

    public IReadOnlyList<string> Warnings { get; private set; } = [];

    public static TrialOptions Read(IConfiguration section, StartTimeOptions startTimes)
    {
        var options = new TrialOptions();
        var warnings = new List<string>();
        options.Database = string.IsNullOrWhiteSpace(section[nameof(Database)])
            ? BesideStartTimes(startTimes.Database)
            : section[nameof(Database)]!.Trim();
        options.KeepTrials = (int)Number(section, nameof(KeepTrials), options.KeepTrials, 1, 100_000, warnings);
        options.MaxLogLinesPerTrial = (int)Number(section, nameof(MaxLogLinesPerTrial), options.MaxLogLinesPerTrial, 0, 1_000_000, warnings);
        options.MaxImportMegabytes = Number(section, nameof(MaxImportMegabytes), options.MaxImportMegabytes, 0.001, 1024, warnings);
        options.Warnings = warnings;
        return options;
    }

    /// <summary>
    /// "start-times.db" → "start-times.trials.db" in the same folder: a file of its own, so a long
    /// start-time import never holds up the recording, yet it goes wherever the start times go.
    /// </summary>
    public static string BesideStartTimes(string startTimesDatabase)
    {
        var folder = Path.GetDirectoryName(startTimesDatabase) ?? "";
        return Path.Combine(folder, Path.GetFileNameWithoutExtension(startTimesDatabase) + ".trials.db");
    }

    static double Number(IConfiguration section, string key, double fallback, double min, double max, List<string> warnings)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        warnings.Add($"Setting Trials:{key} = \"{text}\" is not a number from {min} to {max}; using {fallback}.");
        return fallback;
    }
}
