using System.Text.Json.Serialization;

namespace ChaosDashboard.Aws.Logs;

// CloudWatch Logs timestamps are epoch MILLISECONDS as JSON integers; each record keeps the raw
// number and offers it as a DateTimeOffset.

/// <summary>One event of one stream, as GetLogEvents returns it.</summary>
public sealed record LogEvent
{
    public long Timestamp { get; init; }
    public string Message { get; init; } = "";
    public long? IngestionTime { get; init; }

    [JsonIgnore]
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeMilliseconds(Timestamp);
}

/// <summary>An event found by FilterLogEvents, which searches many streams.</summary>
public sealed record FilteredLogEvent
{
    public string? LogStreamName { get; init; }
    public long Timestamp { get; init; }
    public string Message { get; init; } = "";
    public long? IngestionTime { get; init; }
    public string? EventId { get; init; }

    [JsonIgnore]
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeMilliseconds(Timestamp);
}

/// <summary>An event together with the stream it came from, as <see cref="LogsClient.ReadAllMessagesAsync"/> returns it.</summary>
public sealed record StreamLogEvent(string LogStreamName, long Timestamp, string Message, long? IngestionTime)
{
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeMilliseconds(Timestamp);
}

/// <summary>
/// A log stream. For ECS awslogs streams the name is prefix/container/taskId. Its event times are
/// updated by CloudWatch only eventually (lastEventTimestamp can lag by an hour).
/// </summary>
public sealed record LogStream
{
    public string LogStreamName { get; init; } = "";
    public string? Arn { get; init; }
    public long? CreationTime { get; init; }
    public long? FirstEventTimestamp { get; init; }
    public long? LastEventTimestamp { get; init; }
    public long? LastIngestionTime { get; init; }
}

public sealed record LogGroup
{
    public string LogGroupName { get; init; } = "";
    public string? Arn { get; init; }
    public long? CreationTime { get; init; }
    public int? RetentionInDays { get; init; }
    public long? StoredBytes { get; init; }
}

/// <summary>One GetLogEvents answer.</summary>
/// <param name="NextForwardToken">Pass back to read on; at the end of the stream it equals the token sent.</param>
public sealed record LogEventsPage(IReadOnlyList<LogEvent> Events, string? NextForwardToken, string? NextBackwardToken);

/// <summary>New events of a followed stream and the token to continue from next time.</summary>
public sealed record StreamFollowResult(IReadOnlyList<LogEvent> Events, string? ForwardToken);

public sealed record GetLogEventsRequest
{
    public required string LogGroupName { get; init; }
    public required string LogStreamName { get; init; }

    /// <summary>From the oldest event forward (true, needed to follow nextForwardToken) or the newest backward.</summary>
    public bool StartFromHead { get; init; } = true;

    public string? NextToken { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }

    /// <summary>Up to 10,000 events per page; CloudWatch's default is as many as fit in 1 MB.</summary>
    public int? Limit { get; init; }
}

public sealed record FilterLogEventsRequest
{
    public required string LogGroupName { get; init; }
    public IReadOnlyList<string>? LogStreamNames { get; init; }
    public string? LogStreamNamePrefix { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }

    /// <summary>CloudWatch filter pattern syntax, e.g. "\"Successfully PUT item\"".</summary>
    public string? FilterPattern { get; init; }

    public void Validate()
    {
        if (LogStreamNames is { Count: > 0 } && LogStreamNamePrefix is not null)
        {
            throw new ArgumentException("FilterLogEvents takes stream names or a stream name prefix, not both.", nameof(LogStreamNamePrefix));
        }
    }
}

/// <summary>Orders of DescribeLogStreams.</summary>
public static class LogStreamOrder
{
    public const string LogStreamName = "LogStreamName";

    /// <summary>Cannot be combined with a stream name prefix.</summary>
    public const string LastEventTime = "LastEventTime";
}
