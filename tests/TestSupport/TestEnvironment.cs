namespace ChaosDashboard.TestSupport;

/// <summary>
/// Tests that need something from the machine (Chromium, botocore models, the aws CLI, node) skip when it
/// is missing on a developer machine, but fail with a clear message in CI (CI=true), where a missing
/// tool means the build image is wrong and must not pass silently.
/// </summary>
public static class TestEnvironment
{
    public static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The skip reason to use, or null when the test must run (present, or in CI where absence fails it).</summary>
    public static string? SkipReasonWhenMissing(bool available, string whatIsMissing) =>
        available || IsCi ? null : whatIsMissing + " (set CI=true to make this a failure)";

    /// <summary>Full path of an executable on PATH, or null.</summary>
    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
