using ChaosDashboard.Aws.Protocol;
using ChaosDashboard.Aws.Signing;

namespace ChaosDashboard.Aws.Logs;

/// <summary>
/// Amazon CloudWatch Logs over its JSON API (awsJson 1.1, target prefix Logs_20140328). Its read
/// quotas are low (about 10 GetLogEvents and 5 FilterLogEvents per second per account and region),
/// so one poll loop should serve every viewer; throttled calls are retried with backoff.
/// </summary>
public sealed class LogsClient : IDisposable
{
    public const string TargetPrefix = "Logs_20140328";

    /// <summary>How many pages one <see cref="FollowStreamAsync"/> call reads at most; the rest waits for the next poll.</summary>
    public const int MaxPagesPerFollow = 20;

    private readonly AwsJsonRpcClient _rpc;

    /// <summary>Takes ownership of <paramref name="channel"/>.</summary>
    public LogsClient(SignedHttpChannel channel) => _rpc = new AwsJsonRpcClient(channel, TargetPrefix);

    public static LogsClient Create(AwsSettings settings, HttpMessageHandler? transport = null) =>
        new(SignedHttpChannel.Create(settings, AwsService.Logs, transport));

    /// <summary>One page of one stream.</summary>
    public async Task<LogEventsPage> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken = default)
    {
        var output = await _rpc.InvokeAsync<GetLogEventsInput, GetLogEventsOutput>(
            "GetLogEvents",
            new GetLogEventsInput(
                request.LogGroupName,
                request.LogStreamName,
                ToEpochMilliseconds(request.StartTime),
                ToEpochMilliseconds(request.EndTime),
                request.NextToken,
                request.Limit,
                request.StartFromHead),
            cancellationToken).ConfigureAwait(false);
        return new LogEventsPage(output.Events, output.NextForwardToken, output.NextBackwardToken);
    }

    /// <summary>
    /// Events written to a stream since <paramref name="forwardToken"/> (from the start, or from
    /// <paramref name="startTime"/>, when null). Reads forward until CloudWatch hands back the token
    /// it was given, which marks the end of the stream; pages on the way may be empty. Pass the
    /// returned token to the next call.
    /// </summary>
    public async Task<StreamFollowResult> FollowStreamAsync(
        string logGroupName,
        string logStreamName,
        string? forwardToken,
        DateTimeOffset? startTime = null,
        CancellationToken cancellationToken = default)
    {
        var events = new List<LogEvent>();
        var token = forwardToken;
        for (var page = 0; page < MaxPagesPerFollow; page++)
        {
            var result = await GetLogEventsAsync(new GetLogEventsRequest
            {
                LogGroupName = logGroupName,
                LogStreamName = logStreamName,
                StartFromHead = true,
                NextToken = token,
                StartTime = token is null ? startTime : null,
            }, cancellationToken).ConfigureAwait(false);
            events.AddRange(result.Events);

            var reachedEnd = result.NextForwardToken is null || result.NextForwardToken == token;
            token = result.NextForwardToken ?? token;
            if (reachedEnd)
            {
                break;
            }
        }

        return new StreamFollowResult(events, token);
    }

    /// <summary>Events of a log group matching the request, across streams, every page (empty pages do not end the search).</summary>
    public Task<List<FilteredLogEvent>> FilterLogEventsAsync(
        FilterLogEventsRequest request, CancellationToken cancellationToken = default)
    {
        request.Validate();
        return Pagination.CollectAsync<FilteredLogEvent>(async (token, ct) =>
        {
            var output = await _rpc.InvokeAsync<FilterLogEventsInput, FilterLogEventsOutput>(
                "FilterLogEvents",
                new FilterLogEventsInput(
                    request.LogGroupName,
                    request.LogStreamNames is { Count: > 0 } ? request.LogStreamNames : null,
                    request.LogStreamNamePrefix,
                    ToEpochMilliseconds(request.StartTime),
                    ToEpochMilliseconds(request.EndTime),
                    request.FilterPattern,
                    token),
                ct).ConfigureAwait(false);
            return (output.Events, output.NextToken);
        }, cancellationToken);
    }

    /// <summary>Streams of a log group, all pages.</summary>
    /// <param name="orderBy"><see cref="LogStreamOrder"/>; LastEventTime cannot be combined with a prefix.</param>
    public Task<List<LogStream>> DescribeLogStreamsAsync(
        string logGroupName,
        string? logStreamNamePrefix = null,
        string? orderBy = null,
        bool? descending = null,
        CancellationToken cancellationToken = default)
    {
        if (orderBy == LogStreamOrder.LastEventTime && logStreamNamePrefix is not null)
        {
            throw new ArgumentException("DescribeLogStreams cannot order by LastEventTime and filter on a prefix.", nameof(orderBy));
        }

        return Pagination.CollectAsync<LogStream>(async (token, ct) =>
        {
            var output = await _rpc.InvokeAsync<DescribeLogStreamsInput, DescribeLogStreamsOutput>(
                "DescribeLogStreams",
                new DescribeLogStreamsInput(logGroupName, logStreamNamePrefix, orderBy, descending, token),
                ct).ConfigureAwait(false);
            return (output.LogStreams, output.NextToken);
        }, cancellationToken);
    }

    /// <summary>Log groups, e.g. those whose name starts with "FisStopTask" or "/ecs/cluster/events/", all pages.</summary>
    public Task<List<LogGroup>> DescribeLogGroupsAsync(
        string? logGroupNamePrefix = null, CancellationToken cancellationToken = default) =>
        Pagination.CollectAsync<LogGroup>(async (token, ct) =>
        {
            var output = await _rpc.InvokeAsync<DescribeLogGroupsInput, DescribeLogGroupsOutput>(
                "DescribeLogGroups", new DescribeLogGroupsInput(logGroupNamePrefix, token), ct).ConfigureAwait(false);
            return (output.LogGroups, output.NextToken);
        }, cancellationToken);

    /// <summary>
    /// Every event of every stream of a log group since <paramref name="since"/> (all of them when
    /// null), oldest first: every stream and every page, unlike a single DescribeLogStreams call that
    /// stops at 50 streams. Stream times are not used to skip streams, as CloudWatch updates them late.
    /// </summary>
    public async Task<List<StreamLogEvent>> ReadAllMessagesAsync(
        string logGroupName, DateTimeOffset? since = null, CancellationToken cancellationToken = default)
    {
        var streams = await DescribeLogStreamsAsync(logGroupName, cancellationToken: cancellationToken).ConfigureAwait(false);
        var all = new List<StreamLogEvent>();
        foreach (var stream in streams)
        {
            string? token = null;
            for (var page = 0; page < Pagination.MaxPages; page++)
            {
                var result = await GetLogEventsAsync(new GetLogEventsRequest
                {
                    LogGroupName = logGroupName,
                    LogStreamName = stream.LogStreamName,
                    StartFromHead = true,
                    NextToken = token,
                    StartTime = since,
                }, cancellationToken).ConfigureAwait(false);
                all.AddRange(result.Events.Select(e => new StreamLogEvent(stream.LogStreamName, e.Timestamp, e.Message, e.IngestionTime)));
                if (result.NextForwardToken is null || result.NextForwardToken == token)
                {
                    break;
                }

                token = result.NextForwardToken;
            }
        }

        // Stable sort: events of one stream with equal timestamps keep their order.
        return all.OrderBy(e => e.Timestamp).ToList();
    }

    public void Dispose() => _rpc.Channel.Dispose();

    private static long? ToEpochMilliseconds(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();
}
