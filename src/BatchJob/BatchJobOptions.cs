namespace ChaosDashboard.Batch;

public enum BatchMode
{
    /// <summary>Starts at item 0 on every run and overwrites what exists: the workshop's first task.</summary>
    Baseline,

    /// <summary>Continues after the highest item present and writes each item at most once.</summary>
    Checkpoint,
}

public sealed record BatchJobOptions
{
    public required string TaskId { get; init; }
    public BatchMode Mode { get; init; } = BatchMode.Baseline;
    public int BatchSize { get; init; } = 10;
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often one write is tried when the table fails transiently (timeouts, throttling).</summary>
    public int MaxAttemptsPerItem { get; init; } = 3;

    public static bool TryParseMode(string? text, out BatchMode mode)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "baseline": mode = BatchMode.Baseline; return true;
            case "checkpoint": mode = BatchMode.Checkpoint; return true;
            default: mode = default; return false;
        }
    }
}

/// <summary>What one run of the batch job did.</summary>
public sealed record BatchJobResult(int StartIndex, int Written, int Skipped, bool Interrupted, int NextIndex);
