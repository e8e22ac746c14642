namespace ChaosDashboard.Aws.Logs;

// Inputs and outputs exactly as CloudWatch Logs spells them (botocore model logs/2014-03-28).

internal sealed record GetLogEventsInput(
    string LogGroupName,
    string LogStreamName,
    long? StartTime,
    long? EndTime,
    string? NextToken,
    int? Limit,
    bool StartFromHead);

internal sealed record FilterLogEventsInput(
    string LogGroupName,
    IReadOnlyList<string>? LogStreamNames,
    string? LogStreamNamePrefix,
    long? StartTime,
    long? EndTime,
    string? FilterPattern,
    string? NextToken);

internal sealed record DescribeLogStreamsInput(
    string LogGroupName,
    string? LogStreamNamePrefix,
    string? OrderBy,
    bool? Descending,
    string? NextToken);

internal sealed record DescribeLogGroupsInput(string? LogGroupNamePrefix, string? NextToken);

internal sealed class GetLogEventsOutput
{
    public List<LogEvent> Events { get; init; } = [];
    public string? NextForwardToken { get; init; }
    public string? NextBackwardToken { get; init; }
}

internal sealed class FilterLogEventsOutput
{
    public List<FilteredLogEvent> Events { get; init; } = [];
    public string? NextToken { get; init; }
}

internal sealed class DescribeLogStreamsOutput
{
    public List<LogStream> LogStreams { get; init; } = [];
    public string? NextToken { get; init; }
}

internal sealed class DescribeLogGroupsOutput
{
    public List<LogGroup> LogGroups { get; init; } = [];
    public string? NextToken { get; init; }
}
