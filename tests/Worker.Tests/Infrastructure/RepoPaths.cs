namespace ChaosDashboard.Worker.Tests.Infrastructure;

public static class RepoPaths
{
    /// <summary>worker.dll as built for these tests (the project reference copies it next to them).</summary>
    public static string WorkerDll { get; } = Path.Combine(AppContext.BaseDirectory, "worker.dll");

    /// <summary>The dotnet host that runs these tests, so the worker runs on the same runtime.</summary>
    public static string DotnetHost { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
