using ChaosDashboard.StartTimeAnalysis.Sandbox;
using ChaosDashboard.StartTimeAnalysis.Storage;

namespace ChaosDashboard.StartTimes;

/// <summary>Opens the samples' storage once at start-up; a file that cannot be used is never fatal.</summary>
public static class StartTimeStoreOpener
{
    /// <summary>
    /// The SQLite file at <paramref name="path"/>, or memory with a warning that says why and what to
    /// set when the file cannot be opened (a folder that cannot be created, a file that is not a database).
    /// </summary>
    public static async Task<(IStartTimeSamples Samples, string? Warning)> OpenAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var store = await SqliteStartTimeStore.OpenAsync(path, cancellationToken);
            return (new SqliteStartTimeSamples(store), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var reason = e is StartTimeStoreException ? e.Message : $"cannot open start-time database {path}: {e.Message}";
            return (new InMemoryStartTimeSamples(), UnusableNote(reason));
        }
    }

    /// <summary>The page's warning for a database it cannot use: why, where the samples are kept instead, what to set.</summary>
    public static string UnusableNote(string reason) =>
        $"{Capitalise(reason.TrimEnd('.'))}. Start times are kept in memory until the dashboard stops; set StartTimes:Database to a file the dashboard can write.";

    /// <summary>
    /// Sandbox mode's first run: an empty store gets the generated SOCI demo tasks, so the page shows
    /// something before any task ran. Only an empty store is seeded, so this happens once per database.
    /// </summary>
    /// <returns>How many tasks were added.</returns>
    public static async Task<int> SeedIfEmptyAsync(IStartTimeSamples samples, int tasksPerFamily, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (tasksPerFamily <= 0 || await samples.CountAsync(cancellationToken) > 0) return 0;
        // About half a minute apart: the generated tasks end shortly before now.
        var first = now - TimeSpan.FromSeconds(30 * 2 * tasksPerFamily + 60);
        var saved = await samples.SaveAsync(SandboxStartTimes.Generate(first, tasksPerFamily, seed: 1), cancellationToken);
        return saved.Count;
    }

    static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
