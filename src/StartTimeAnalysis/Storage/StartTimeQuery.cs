namespace ChaosDashboard.StartTimeAnalysis.Storage;

/// <summary>
/// Which stored tasks to read. Every filter is optional. The time range applies to the task's
/// createdAt (startedAt when createdAt is unknown): <see cref="From"/> inclusive, <see cref="To"/> exclusive.
/// </summary>
public sealed record StartTimeQuery
{
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    /// <summary>Task definition family, exact match.</summary>
    public string? Family { get; init; }
    /// <summary>Task definition revision; only with <see cref="Family"/>.</summary>
    public int? Revision { get; init; }
    /// <summary>Cluster name or ARN.</summary>
    public string? Cluster { get; init; }

    /// <summary>Every stored task.</summary>
    public static StartTimeQuery All { get; } = new();
}
