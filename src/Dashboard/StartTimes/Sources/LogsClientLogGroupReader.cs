using System.Runtime.CompilerServices;
using ChaosDashboard.Aws.Logs;
using ChaosDashboard.Aws.Protocol;
using ChaosDashboard.StartTime.Sources;

namespace ChaosDashboard.StartTimes;

/// <summary>
/// Reads a CloudWatch Logs log group for the start-time analysis: every stream (DescribeLogStreams, all
/// pages) and every page of each (GetLogEvents from the head, following nextForwardToken until it
/// comes back unchanged). Messages are handed on page by page as they arrive, so memory stays flat
/// however large the group is; only the list of streams is held.
/// </summary>
public sealed class LogsClientLogGroupReader(LogsClient logs) : ILogGroupReader
{
    /// <summary>
    /// With a <c>since</c>, a stream into which nothing was ingested for this long before it is skipped:
    /// it cannot hold newer events. Generous, as CloudWatch updates stream times late.
    /// </summary>
    public static readonly TimeSpan IdleStreamMargin = TimeSpan.FromHours(2);

    public async IAsyncEnumerable<string> ReadMessagesAsync(
        string logGroupName, DateTimeOffset? since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var streams = await logs.DescribeLogStreamsAsync(logGroupName, cancellationToken: cancellationToken);
        foreach (var stream in streams)
        {
            if (since is { } from && IdleSince(stream, from)) continue;
            string? token = null;
            for (var page = 0; page < Pagination.MaxPages; page++)
            {
                var result = await logs.GetLogEventsAsync(new GetLogEventsRequest
                {
                    LogGroupName = logGroupName,
                    LogStreamName = stream.LogStreamName,
                    StartFromHead = true,
                    NextToken = token,
                    // The token already carries the position; the start time only places the first page.
                    StartTime = token is null ? since : null,
                }, cancellationToken);
                foreach (var logEvent in result.Events) yield return logEvent.Message;

                // The end of a stream is the token sent coming back; an empty page before it is not the end.
                if (result.NextForwardToken is null || result.NextForwardToken == token) break;
                token = result.NextForwardToken;
            }
        }
    }

    static bool IdleSince(LogStream stream, DateTimeOffset since) =>
        stream.LastIngestionTime is { } ingested && ingested < (since - IdleStreamMargin).ToUnixTimeMilliseconds();
}
