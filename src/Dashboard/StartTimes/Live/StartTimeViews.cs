using System.Text.Json.Serialization;
using ChaosDashboard.StartTimeAnalysis.Analysis;
using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimes;

/// <summary>
/// One task as the start-time page shows it: when it passed each step and how long each phase took,
/// in seconds to the millisecond. A phase whose two times are not both known is null, never zero.
/// </summary>
public sealed record StartTimeRowView : TaskTimes
{
    public StartTimeRowView() { }

    /// <summary>A row with the times of another record (the rest is set by the caller).</summary>
    public StartTimeRowView(TaskTimes times) : base(times) { }

    public required string TaskId { get; init; }
    public required string TaskArn { get; init; }
    public required string Family { get; init; }
    public int? Revision { get; init; }
    /// <summary><c>family:revision</c>, or <c>family:unknown</c> when the source named no revision.</summary>
    public required string Group { get; init; }
    public string? LastStatus { get; init; }
    public string? StopCode { get; init; }
    public string? StoppedReason { get; init; }
    public bool Started { get; init; }
    /// <summary>A phase below zero or longer than a day: listed, marked, left out of the figures.</summary>
    public bool Implausible { get; init; }
    public double? Total { get; init; }
    public double? Provisioning { get; init; }
    public double? ImagePull { get; init; }
    public double? ContainerStart { get; init; }

    /// <summary>The time the filters apply to, as in the store: createdAt, or startedAt when it is unknown.</summary>
    [JsonIgnore]
    public DateTimeOffset? FilterTime => CreatedAt ?? StartedAt;

    public static StartTimeRowView From(TaskStartSample sample)
    {
        var row = TaskStartRow.From(sample);
        return new StartTimeRowView(sample.ToMilliseconds())
        {
            TaskId = row.TaskId,
            TaskArn = row.TaskArn,
            Family = row.Family,
            Revision = row.Revision,
            Group = row.TaskDefinition.ToString(),
            LastStatus = row.LastStatus,
            StopCode = sample.StopCode,
            StoppedReason = sample.StoppedReason,
            Started = row.Started,
            Implausible = row.Implausible,
            Total = Seconds(row.Total),
            Provisioning = Seconds(row.Provisioning),
            ImagePull = Seconds(row.ImagePull),
            ContainerStart = Seconds(row.ContainerStart),
        };
    }

    static double? Seconds(TimeSpan? span) => span is { } s ? Math.Round(s.TotalSeconds, 3) : null;
}

/// <summary>How sure a note is that something needs doing.</summary>
public enum NoteLevel
{
    /// <summary>Where data comes from and how recent it is.</summary>
    Info,
    /// <summary>A source that does not work; the page says what to fix.</summary>
    Warning,
}

/// <summary>A line about one source of start times (the database, the events log group), shown above the charts.</summary>
public sealed record StartTimeNote(string Source, NoteLevel Level, string Message);

/// <summary>What the hub sends a browser that has to start over: the notes and the sequence number.</summary>
/// <remarks>
/// Rows are not in it: the page holds the rows of its own filters, so it fetches them again
/// (<c>GET /api/start-times</c>) and applies the deltas that follow on top, which is safe since every
/// <c>sample</c> delta carries the task's whole merged row.
/// </remarks>
public sealed record StartTimeLiveSnapshot(long Seq, IReadOnlyList<StartTimeNote> Notes);
