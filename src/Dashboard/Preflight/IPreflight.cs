using ChaosDashboard.AwsMode;

namespace ChaosDashboard.Preflight;

/// <summary>The checks before a workshop, as the mode has them: the page and the command ask this, not the mode.</summary>
public interface IPreflight
{
    /// <summary>False where there is nothing to check (the sandbox).</summary>
    bool HasChecks { get; }

    Task<IReadOnlyList<PreflightCheck>> RunAsync(CancellationToken ct);
}

public sealed class SandboxPreflight : IPreflight
{
    public const string NothingToCheck = "Sandbox mode: nothing to check. For AWS set Dashboard:Mode to aws (or --mode aws) and Aws:Region.";

    public bool HasChecks => false;

    public Task<IReadOnlyList<PreflightCheck>> RunAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<PreflightCheck>>([]);
}

public sealed class AwsPreflight(AwsModeOptions options) : IPreflight
{
    public bool HasChecks => true;

    public Task<IReadOnlyList<PreflightCheck>> RunAsync(CancellationToken ct) => new PreflightRunner(options).RunAsync(ct);
}
