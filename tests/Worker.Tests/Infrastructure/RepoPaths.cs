namespace ChaosDashboard.Worker.Tests.Infrastructure;

public static class RepoPaths
{
    /// <summary>The checkout's top folder: the first parent of the test binaries that holds Dashboard.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>worker.dll as built for these tests (the project reference copies it next to them).</summary>
    public static string WorkerDll { get; } = Path.Combine(AppContext.BaseDirectory, "worker.dll");

    /// <summary>The dotnet host that runs these tests, so the worker runs on the same runtime.</summary>
    public static string DotnetHost { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Dashboard.sln"))) return folder.FullName;
        throw new InvalidOperationException($"No Dashboard.sln above {AppContext.BaseDirectory}: the tests must run inside the checkout.");
    }
}
