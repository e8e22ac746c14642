namespace ChaosDashboard.Aws.Tests.Infrastructure;

/// <summary>
/// Tests that need something from the machine (botocore models, the aws CLI, dynalite) skip when it
/// is missing on a developer machine, but fail with a clear message on CI (CI=true), where a
/// missing tool means the build image is wrong and must not pass silently.
/// </summary>
public static class TestEnvironment
{
    public static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The skip reason to use, or null when the test must run (present, or on CI where absence fails it).</summary>
    public static string? SkipReasonWhenMissing(bool available, string whatIsMissing) =>
        available || IsCi ? null : whatIsMissing + " (set CI=true to make this a failure)";

    /// <summary>The repository root: the first ancestor of the test binaries with a package.json.</summary>
    public static string? RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "package.json"))
                && File.Exists(Path.Combine(directory.FullName, "Directory.Packages.props")))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    /// <summary>Full path of an executable on PATH, or null.</summary>
    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}

/// <summary>A fact that needs the botocore service models.</summary>
public sealed class ModelFactAttribute : FactAttribute
{
    public ModelFactAttribute() =>
        Skip = TestEnvironment.SkipReasonWhenMissing(BotocoreModels.Available, BotocoreModels.MissingMessage);
}

/// <summary>A theory that needs the botocore service models.</summary>
public sealed class ModelTheoryAttribute : TheoryAttribute
{
    public ModelTheoryAttribute() =>
        Skip = TestEnvironment.SkipReasonWhenMissing(BotocoreModels.Available, BotocoreModels.MissingMessage);
}

/// <summary>A fact that needs the aws CLI.</summary>
public sealed class AwsCliFactAttribute : FactAttribute
{
    public AwsCliFactAttribute() =>
        Skip = TestEnvironment.SkipReasonWhenMissing(AwsCli.Path is not null, AwsCli.MissingMessage);
}

/// <summary>A fact that needs node and the dynalite package.</summary>
public sealed class DynaliteFactAttribute : FactAttribute
{
    public DynaliteFactAttribute() =>
        Skip = TestEnvironment.SkipReasonWhenMissing(DynaliteServer.CanStart, DynaliteServer.MissingMessage);
}

/// <summary>A theory that needs the aws CLI.</summary>
public sealed class AwsCliTheoryAttribute : TheoryAttribute
{
    public AwsCliTheoryAttribute() =>
        Skip = TestEnvironment.SkipReasonWhenMissing(AwsCli.Path is not null, AwsCli.MissingMessage);
}
