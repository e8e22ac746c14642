using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimeAnalysis.Analysis;

/// <summary>
/// One task's start, split into phases:
/// createdAt → pullStartedAt (provisioning: capacity, ENI attach) → pullStoppedAt (image pull, what SOCI
/// shortens) → startedAt (container start). A phase whose two timestamps are not both known is null.
/// </summary>
public sealed record TaskStartRow : TaskTimes
{
    public TaskStartRow() { }

    /// <summary>A row with the times of another record (the rest is set by the caller).</summary>
    public TaskStartRow(TaskTimes times) : base(times) { }

    public required string TaskId { get; init; }
    public required string TaskArn { get; init; }
    public required string Family { get; init; }
    /// <summary>Null when the source did not name a revision.</summary>
    public int? Revision { get; init; }
    public string? LastStatus { get; init; }
    /// <summary>createdAt → startedAt.</summary>
    public TimeSpan? Total => Measure(StartMeasure.Total);
    /// <summary>createdAt → pullStartedAt.</summary>
    public TimeSpan? Provisioning => Measure(StartMeasure.Provisioning);
    /// <summary>pullStartedAt → pullStoppedAt.</summary>
    public TimeSpan? ImagePull => Measure(StartMeasure.ImagePull);
    /// <summary>pullStoppedAt → startedAt.</summary>
    public TimeSpan? ContainerStart => Measure(StartMeasure.ContainerStart);

    /// <summary>A task without startedAt never started (or not yet): listed, never averaged.</summary>
    public bool Started => StartedAt is not null;

    /// <summary>
    /// The longest phase (or total) that is taken at face value. Longer ones, and any below zero, come from
    /// clocks or records that went wrong, not from a start: such a task is listed, marked, and left out of
    /// every figure.
    /// </summary>
    public static readonly TimeSpan MaxPlausibleDuration = TimeSpan.FromDays(1);

    /// <summary>True when a measure is below zero or longer than <see cref="MaxPlausibleDuration"/>.</summary>
    public bool Implausible =>
        IsImplausible(Total) || IsImplausible(Provisioning) || IsImplausible(ImagePull) || IsImplausible(ContainerStart);

    /// <summary>A duration below zero or longer than <see cref="MaxPlausibleDuration"/>.</summary>
    public static bool IsImplausible(TimeSpan? duration) =>
        duration is TimeSpan value && (value < TimeSpan.Zero || value > MaxPlausibleDuration);

    /// <summary>Whether the task counts in the statistics: it started and every measure it has is plausible.</summary>
    public bool Counted => Started && !Implausible;

    public TaskDefinitionName TaskDefinition => new(Family, Revision);

    public static TaskStartRow From(TaskStartSample sample) => From(sample, sample.TaskDefinition);

    /// <summary>With the task definition already read (many tasks share one: see <see cref="StartTimeReport.Build"/>).</summary>
    public static TaskStartRow From(TaskStartSample sample, TaskDefinitionName definition)
    {
        // Events carry milliseconds; a sample fed directly may carry more. Cut to the millisecond so a
        // task reads the same from memory as from the store, which keeps milliseconds. A report row is
        // about the start: the stop times are left out, as the compact task table leaves them out.
        return new TaskStartRow(sample.ToMilliseconds() with { StoppingAt = null, StoppedAt = null })
        {
            TaskId = sample.TaskId,
            TaskArn = sample.TaskArn,
            Family = definition.Family,
            Revision = definition.Revision,
            LastStatus = sample.LastStatus,
        };
    }
}

/// <summary>The durations reported for each task and summarised per task definition.</summary>
public enum StartMeasure
{
    /// <summary>createdAt → startedAt.</summary>
    Total,
    /// <summary>createdAt → pullStartedAt.</summary>
    Provisioning,
    /// <summary>pullStartedAt → pullStoppedAt.</summary>
    ImagePull,
    /// <summary>pullStoppedAt → startedAt.</summary>
    ContainerStart,
}

public static class StartMeasures
{
    /// <summary>Every measure, in report order.</summary>
    public static IReadOnlyList<StartMeasure> All { get; } =
        [StartMeasure.Total, StartMeasure.Provisioning, StartMeasure.ImagePull, StartMeasure.ContainerStart];

    /// <summary>The name used in report headers.</summary>
    public static string Label(this StartMeasure measure) => measure switch
    {
        StartMeasure.Total => "total",
        StartMeasure.Provisioning => "provisioning",
        StartMeasure.ImagePull => "image pull",
        StartMeasure.ContainerStart => "container start",
        _ => measure.ToString(),
    };

    /// <summary>The name used in JSON and CSV.</summary>
    public static string Key(this StartMeasure measure) => measure switch
    {
        StartMeasure.Total => "total",
        StartMeasure.Provisioning => "provisioning",
        StartMeasure.ImagePull => "imagePull",
        StartMeasure.ContainerStart => "containerStart",
        _ => measure.ToString(),
    };
}
