using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ChaosDashboard.Aws.Logs;
using ChaosDashboard.Aws.Protocol;
using ChaosDashboard.StartTimeAnalysis.Sources;

namespace ChaosDashboard.StartTimes;

/// <summary>
/// Reads a CloudWatch Logs log group for the start-time analysis: every stream (DescribeLogStreams, all
/// pages) and every page of each (GetLogEvents from the head, following nextForwardToken until it
/// comes back unchanged). Several streams can be read at once, with the GetLogEvents calls of all of
/// them spaced to stay within the account's quota. Messages are handed on page by page as they arrive,
/// through a queue of a few pages, so memory stays flat however large the group is; only the list of
/// streams is held.
/// </summary>
/// <param name="logs">The Logs client.</param>
/// <param name="streamsAtOnce">Streams read at the same time; 1 reads them one after another, in order.</param>
/// <param name="callsPerSecond">GetLogEvents calls per second at most, over all streams; 0 for no pacing.</param>
/// <param name="time">The clock the pacing waits on.</param>
public sealed class LogsClientLogGroupReader(LogsClient logs, int streamsAtOnce = 1, double callsPerSecond = 0, TimeProvider? time = null)
    : ILogGroupReader
{
    /// <summary>
    /// With a <c>since</c>, a stream into which nothing was ingested for this long before it is skipped:
    /// it cannot hold newer events. Generous, as CloudWatch updates stream times late.
    /// </summary>
    public static readonly TimeSpan IdleStreamMargin = TimeSpan.FromHours(2);

    /// <summary>The dashboard's choice: four streams at once…</summary>
    public const int DefaultStreamsAtOnce = 4;

    /// <summary>
    /// …and at most five GetLogEvents calls a second: half of the quota of about ten per second per account
    /// and region (shared/notes/aws-wire.md), leaving the rest to the experiment page's task log.
    /// </summary>
    public const double DefaultCallsPerSecond = 5;

    readonly CallPacer _pacer = new(callsPerSecond, time ?? TimeProvider.System);

    public async IAsyncEnumerable<string> ReadMessagesAsync(
        string logGroupName, DateTimeOffset? since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var streams = (await logs.DescribeLogStreamsAsync(logGroupName, cancellationToken: cancellationToken))
            .Where(stream => since is not { } from || !IdleSince(stream, from))
            .ToList();
        if (streamsAtOnce <= 1 || streams.Count <= 1)
        {
            foreach (var stream in streams)
            {
                await foreach (var page in ReadStreamAsync(logGroupName, stream, since, cancellationToken))
                    foreach (var message in page) yield return message;
            }
            yield break;
        }

        // Readers take the streams in order, each writing its pages to one bounded queue; a full queue
        // holds them back until this enumerator's caller has caught up.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pages = Channel.CreateBounded<IReadOnlyList<string>>(new BoundedChannelOptions(streamsAtOnce * 2) { SingleReader = true });
        var next = -1;
        var readers = Enumerable.Range(0, Math.Min(streamsAtOnce, streams.Count)).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < streams.Count)
            {
                await foreach (var page in ReadStreamAsync(logGroupName, streams[index], since, stop.Token))
                    await pages.Writer.WriteAsync(page, stop.Token);
            }
        }, stop.Token)).ToArray();
        _ = Task.WhenAll(readers).ContinueWith(
            done => pages.Writer.TryComplete(done.Exception?.InnerException), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        try
        {
            await foreach (var page in pages.Reader.ReadAllAsync(cancellationToken))
                foreach (var message in page) yield return message;
        }
        finally
        {
            stop.Cancel();
            try { await Task.WhenAll(readers); } catch (Exception) when (stop.IsCancellationRequested) { }
        }
    }

    /// <summary>One stream from its head (or from <c>since</c>), page by page.</summary>
    async IAsyncEnumerable<IReadOnlyList<string>> ReadStreamAsync(
        string logGroupName, LogStream stream, DateTimeOffset? since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        for (var page = 0; page < Pagination.MaxPages; page++)
        {
            await _pacer.WaitAsync(cancellationToken);
            var result = await logs.GetLogEventsAsync(new GetLogEventsRequest
            {
                LogGroupName = logGroupName,
                LogStreamName = stream.LogStreamName,
                StartFromHead = true,
                NextToken = token,
                // The token already carries the position; the start time only places the first page.
                StartTime = token is null ? since : null,
            }, cancellationToken);
            if (result.Events.Count > 0) yield return result.Events.Select(logEvent => logEvent.Message).ToList();

            // The end of a stream is the token sent coming back; an empty page before it is not the end.
            if (result.NextForwardToken is null || result.NextForwardToken == token) break;
            token = result.NextForwardToken;
        }
    }

    static bool IdleSince(LogStream stream, DateTimeOffset since) =>
        stream.LastIngestionTime is { } ingested && ingested < (since - IdleStreamMargin).ToUnixTimeMilliseconds();
}

/// <summary>
/// Spaces calls at least 1/<c>callsPerSecond</c> apart, whoever makes them: a quota shared by several
/// readers is kept by all of them together. No pacing at a rate of 0.
/// </summary>
public sealed class CallPacer(double callsPerSecond, TimeProvider time)
{
    readonly SemaphoreSlim _turn = new(1, 1);
    DateTimeOffset _next = DateTimeOffset.MinValue;

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        if (callsPerSecond <= 0) return;
        await _turn.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (_next > now) await Task.Delay(_next - now, time, cancellationToken);
            _next = (_next > now ? _next : now) + TimeSpan.FromSeconds(1 / callsPerSecond);
        }
        finally
        {
            _turn.Release();
        }
    }
}
