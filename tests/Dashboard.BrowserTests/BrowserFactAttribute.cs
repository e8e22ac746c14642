namespace ChaosDashboard.BrowserTests;

/// <summary>
/// A test that needs Debian's Chromium. Without it the test is skipped with the reason, except in
/// CI (CI=true), where a missing browser is a failure: browser tests never skip there.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Browser.ChromiumPath is null && !Browser.InCi)
            Skip = Browser.MissingReason;
    }
}

static class Browser
{
    public const string MissingReason = "Chromium is not installed (apt-get install chromium); browser tests run in CI.";

    public static bool InCi => TestEnvironment.IsCi;

    /// <summary>The chromium binary on PATH, or in Debian's place; null when there is none.</summary>
    public static string? ChromiumPath { get; } = Find();

    static string? Find()
    {
        var fromEnv = Environment.GetEnvironmentVariable("CHROMIUM_PATH");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(fromEnv)) return fromEnv;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator).Append("/usr/bin"))
            foreach (var name in new[] { "chromium", "chromium-browser" })
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }
}
