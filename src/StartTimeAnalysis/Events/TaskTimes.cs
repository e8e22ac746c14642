using ChaosDashboard.StartTimeAnalysis.Analysis;

namespace ChaosDashboard.StartTimeAnalysis.Events;

/// <summary>
/// The times ECS gives a task on its way up and down, named as DescribeTasks and the Task State Change
/// event name them. Every record that carries them derives from this one (an observation, a report row,
/// the start-time page's row, the experiment page's task), so the shape is written once, the phases are
/// worked out in one place, and one record's times are copied into another with one constructor.
/// A time that is not known is null, never zero.
/// </summary>
public record TaskTimes
{
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? PullStartedAt { get; init; }
    public DateTimeOffset? PullStoppedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? StoppingAt { get; init; }
    public DateTimeOffset? StoppedAt { get; init; }

    public TaskTimes() { }

    /// <summary>The times of any record that carries them, and nothing else of it.</summary>
    public TaskTimes(TaskTimes times)
    {
        CreatedAt = times.CreatedAt;
        PullStartedAt = times.PullStartedAt;
        PullStoppedAt = times.PullStoppedAt;
        StartedAt = times.StartedAt;
        StoppingAt = times.StoppingAt;
        StoppedAt = times.StoppedAt;
    }

    /// <summary>
    /// How long one phase (or the whole start) took: createdAt → pullStartedAt → pullStoppedAt → startedAt.
    /// Null when either of its two times is unknown.
    /// </summary>
    public TimeSpan? Measure(StartMeasure measure) => measure switch
    {
        StartMeasure.Total => Between(CreatedAt, StartedAt),
        StartMeasure.Provisioning => Between(CreatedAt, PullStartedAt),
        StartMeasure.ImagePull => Between(PullStartedAt, PullStoppedAt),
        StartMeasure.ContainerStart => Between(PullStoppedAt, StartedAt),
        _ => throw new ArgumentOutOfRangeException(nameof(measure), measure, "unknown measure"),
    };

    /// <summary>
    /// The same record, of its own type, with its times cut to the millisecond, as events carry them and
    /// the store keeps them, so a task reads the same from memory as from the store.
    /// </summary>
    public TaskTimes ToMilliseconds() => this with
    {
        CreatedAt = EcsTimestamp.ToMilliseconds(CreatedAt),
        PullStartedAt = EcsTimestamp.ToMilliseconds(PullStartedAt),
        PullStoppedAt = EcsTimestamp.ToMilliseconds(PullStoppedAt),
        StartedAt = EcsTimestamp.ToMilliseconds(StartedAt),
        StoppingAt = EcsTimestamp.ToMilliseconds(StoppingAt),
        StoppedAt = EcsTimestamp.ToMilliseconds(StoppedAt),
    };

    /// <summary>Whether two records say the same times, whatever else they carry.</summary>
    public bool SameTimesAs(TaskTimes other) =>
        CreatedAt == other.CreatedAt && PullStartedAt == other.PullStartedAt && PullStoppedAt == other.PullStoppedAt
        && StartedAt == other.StartedAt && StoppingAt == other.StoppingAt && StoppedAt == other.StoppedAt;

    static TimeSpan? Between(DateTimeOffset? from, DateTimeOffset? to) =>
        from is DateTimeOffset start && to is DateTimeOffset end ? end - start : null;
}
