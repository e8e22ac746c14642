namespace ChaosDashboard.TestSupport;

/// <summary>Where the checkout is, seen from the test binaries.</summary>
public static class Repository
{
    /// <summary>The checkout's top folder, or null when the tests run outside one.</summary>
    public static string? TryFindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Dashboard.sln"))) return folder.FullName;
        return null;
    }

    /// <summary>The checkout's top folder: the first parent of the test binaries that holds Dashboard.sln.</summary>
    public static string Root => TryFindRoot()
        ?? throw new InvalidOperationException($"No Dashboard.sln above {AppContext.BaseDirectory}: the tests must run inside the checkout.");
}
