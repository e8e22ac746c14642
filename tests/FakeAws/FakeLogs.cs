using System.Globalization;
using System.Text.Json.Nodes;

namespace ChaosDashboard.FakeAws;

/// <summary>One event of a fake log stream.</summary>
public sealed record FakeLogEvent(long Timestamp, string Message, long IngestionTime);

/// <summary>
/// CloudWatch Logs with one log group. Streams appear when a container first writes. Reading works
/// as CloudWatch's does: GetLogEvents pages forward with nextForwardToken when startFromHead is
/// true and hands the same token back at the end of the stream; pages hold at most
/// <see cref="FakeAwsOptions.LogPageSize"/> events.
/// </summary>
public sealed class FakeLogs(FakeAwsOptions options)
{
    readonly Lock _lock = new();
    readonly DateTimeOffset _groupCreated = DateTimeOffset.UtcNow.AddDays(-2);
    readonly Dictionary<string, (DateTimeOffset Created, List<FakeLogEvent> Events)> _streams = new(StringComparer.Ordinal);

    public string GroupName => options.LogGroup;

    /// <summary>Appends one line to a stream, creating the stream on its first line.</summary>
    public void Append(string stream, string message)
    {
        var now = DateTimeOffset.UtcNow;
        lock (_lock)
        {
            if (!_streams.TryGetValue(stream, out var s)) _streams[stream] = s = (now, []);
            // CloudWatch keeps a stream's events in timestamp order; equal times keep their arrival order.
            var at = Math.Max(AwsTime.Millis(now), s.Events.Count == 0 ? 0 : s.Events[^1].Timestamp);
            s.Events.Add(new FakeLogEvent(at, message, at + 7));
        }
    }

    /// <summary>Every message of a stream, in order; empty when the stream does not exist.</summary>
    public IReadOnlyList<string> Messages(string stream)
    {
        lock (_lock) return _streams.TryGetValue(stream, out var s) ? s.Events.Select(e => e.Message).ToList() : [];
    }

    public IReadOnlyList<string> StreamNames()
    {
        lock (_lock) return _streams.Keys.Order(StringComparer.Ordinal).ToList();
    }

    internal AwsAnswer Handle(AwsCall call) => call.Operation switch
    {
        "DescribeLogGroups" => DescribeLogGroups(call),
        "DescribeLogStreams" => WithGroup(call, () => DescribeLogStreams(call)),
        "GetLogEvents" => WithGroup(call, () => GetLogEvents(call)),
        "FilterLogEvents" => WithGroup(call, () => FilterLogEvents(call)),
        _ => AwsAnswer.Error(400, "UnknownOperationException", $"Operation {call.Operation} is not supported by this fake."),
    };

    AwsAnswer WithGroup(AwsCall call, Func<AwsAnswer> then) =>
        call.String("logGroupName") is not { } group
            ? AwsAnswer.Error(400, "InvalidParameterException", "1 validation error detected: Value null at 'logGroupName' failed to satisfy constraint: Member must not be null")
            : group != options.LogGroup
                ? AwsAnswer.Error(400, "ResourceNotFoundException", "The specified log group does not exist.")
                : then();

    AwsAnswer DescribeLogGroups(AwsCall call)
    {
        var prefix = call.String("logGroupNamePrefix") ?? "";
        var groups = new JsonArray();
        if (options.LogGroup.StartsWith(prefix, StringComparison.Ordinal))
            groups.Add(new JsonObject
            {
                ["logGroupName"] = options.LogGroup,
                ["creationTime"] = AwsTime.Millis(_groupCreated),
                ["retentionInDays"] = 7,
                ["metricFilterCount"] = 0,
                ["arn"] = $"arn:aws:logs:{options.Region}:{options.Account}:log-group:{options.LogGroup}:*",
                ["storedBytes"] = 0,
            });
        return AwsAnswer.Ok(new JsonObject { ["logGroups"] = groups });
    }

    AwsAnswer DescribeLogStreams(AwsCall call)
    {
        var prefix = call.String("logStreamNamePrefix");
        var orderBy = call.String("orderBy") ?? "LogStreamName";
        if (prefix is not null && orderBy == "LastEventTime")
            return AwsAnswer.Error(400, "InvalidParameterException", "Cannot order by LastEventTime with a logStreamNamePrefix.");
        var limit = Math.Clamp(call.Int("limit") ?? 50, 1, 50);
        if (!TryOffset(call.String("nextToken"), "s/", out var offset))
            return AwsAnswer.Error(400, "InvalidParameterException", "The specified nextToken is invalid.");

        List<JsonObject> all;
        lock (_lock)
        {
            var streams = _streams.Where(s => prefix is null || s.Key.StartsWith(prefix, StringComparison.Ordinal));
            streams = orderBy == "LastEventTime"
                ? streams.OrderBy(s => s.Value.Events.Count == 0 ? 0 : s.Value.Events[^1].Timestamp)
                : streams.OrderBy(s => s.Key, StringComparer.Ordinal);
            if (call.Bool("descending") == true) streams = streams.Reverse();
            all = streams.Select(s => new JsonObject
            {
                ["logStreamName"] = s.Key,
                ["creationTime"] = AwsTime.Millis(s.Value.Created),
                ["firstEventTimestamp"] = s.Value.Events.Count == 0 ? null : s.Value.Events[0].Timestamp,
                ["lastEventTimestamp"] = s.Value.Events.Count == 0 ? null : s.Value.Events[^1].Timestamp,
                ["lastIngestionTime"] = s.Value.Events.Count == 0 ? null : s.Value.Events[^1].IngestionTime,
                ["uploadSequenceToken"] = "1",
                ["arn"] = $"arn:aws:logs:{options.Region}:{options.Account}:log-group:{options.LogGroup}:log-stream:{s.Key}",
                ["storedBytes"] = 0,
            }).ToList();
        }
        var page = new JsonArray(all.Skip(offset).Take(limit).ToArray<JsonNode?>());
        var answer = new JsonObject { ["logStreams"] = page };
        if (offset + limit < all.Count) answer["nextToken"] = $"s/{offset + limit}";
        return AwsAnswer.Ok(answer);
    }

    /// <summary>
    /// Tokens are positions in the stream: "f/N" reads forward from event N, "b/N" backward from it.
    /// CloudWatch's own tokens are opaque and look much the same.
    /// </summary>
    AwsAnswer GetLogEvents(AwsCall call)
    {
        if (call.String("logStreamName") is not { } streamName)
            return AwsAnswer.Error(400, "InvalidParameterException", "1 validation error detected: Value null at 'logStreamName' failed to satisfy constraint: Member must not be null");
        var limit = Math.Min(Math.Clamp(call.Int("limit") ?? 10_000, 1, 10_000), options.LogPageSize);
        var token = call.String("nextToken");
        var startTime = call.Long("startTime");
        var endTime = call.Long("endTime");

        lock (_lock)
        {
            if (!_streams.TryGetValue(streamName, out var stream))
                return AwsAnswer.Error(400, "ResourceNotFoundException", "The specified log stream does not exist.");
            var events = stream.Events;
            bool InWindow(FakeLogEvent e) => (startTime is not { } s || e.Timestamp >= s) && (endTime is not { } end || e.Timestamp < end);

            bool forward;
            int position;
            if (token is null)
            {
                forward = call.Bool("startFromHead") == true;
                position = forward ? FirstIndex(events, e => InWindow(e)) : events.Count;
            }
            else if (TryOffset(token, "f/", out position) && position <= events.Count) forward = true;
            else if (TryOffset(token, "b/", out position) && position <= events.Count) forward = false;
            else return AwsAnswer.Error(400, "InvalidParameterException", "The specified nextToken is invalid.");

            List<FakeLogEvent> page;
            int first, next;
            if (forward)
            {
                page = events.Skip(position).Take(limit).TakeWhile(e => endTime is not { } end || e.Timestamp < end).ToList();
                first = position;
                next = position + page.Count;
            }
            else
            {
                first = Math.Max(0, position - limit);
                page = events.Skip(first).Take(position - first).Where(InWindow).ToList();
                next = position;
            }
            return AwsAnswer.Ok(new JsonObject
            {
                ["events"] = new JsonArray(page.Select(e => (JsonNode?)new JsonObject
                {
                    ["timestamp"] = e.Timestamp,
                    ["message"] = e.Message,
                    ["ingestionTime"] = e.IngestionTime,
                }).ToArray()),
                // At the end of the stream the forward token is the one that was sent: readers stop on it.
                ["nextForwardToken"] = Token("f/", next),
                ["nextBackwardToken"] = Token("b/", first),
            });
        }
    }

    AwsAnswer FilterLogEvents(AwsCall call)
    {
        var names = call.Strings("logStreamNames");
        var prefix = call.String("logStreamNamePrefix");
        if (names.Count > 0 && prefix is not null)
            return AwsAnswer.Error(400, "InvalidParameterException", "logStreamNames and logStreamNamePrefix cannot both be specified.");
        var startTime = call.Long("startTime");
        var endTime = call.Long("endTime");
        var terms = Terms(call.String("filterPattern"));
        var limit = Math.Min(Math.Clamp(call.Int("limit") ?? 10_000, 1, 10_000), options.LogPageSize);
        if (!TryOffset(call.String("nextToken"), "q/", out var offset))
            return AwsAnswer.Error(400, "InvalidParameterException", "The specified nextToken is invalid.");

        List<(string Stream, int Index, FakeLogEvent Event)> matches;
        lock (_lock)
        {
            matches = _streams
                .Where(s => (names.Count == 0 || names.Contains(s.Key)) && (prefix is null || s.Key.StartsWith(prefix, StringComparison.Ordinal)))
                .SelectMany(s => s.Value.Events.Select((e, i) => (Stream: s.Key, Index: i, Event: e)))
                .Where(m => (startTime is not { } st || m.Event.Timestamp >= st) && (endTime is not { } et || m.Event.Timestamp < et))
                .Where(m => terms.All(t => m.Event.Message.Contains(t, StringComparison.Ordinal)))
                .OrderBy(m => m.Event.Timestamp).ThenBy(m => m.Stream, StringComparer.Ordinal).ThenBy(m => m.Index)
                .ToList();
        }
        var page = matches.Skip(offset).Take(limit).Select(m => (JsonNode?)new JsonObject
        {
            ["logStreamName"] = m.Stream,
            ["timestamp"] = m.Event.Timestamp,
            ["message"] = m.Event.Message,
            ["ingestionTime"] = m.Event.IngestionTime,
            ["eventId"] = $"{m.Event.Timestamp}{m.Index:D8}",
        }).ToArray();
        var answer = new JsonObject { ["events"] = new JsonArray(page), ["searchedLogStreams"] = new JsonArray() };
        if (offset + limit < matches.Count) answer["nextToken"] = $"q/{offset + limit}";
        return AwsAnswer.Ok(answer);
    }

    /// <summary>The words of a simple filter pattern ("\"Successfully PUT\"" or "Successfully PUT"): each must occur.</summary>
    static IReadOnlyList<string> Terms(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern)) return [];
        var text = pattern.Trim();
        return text.Length >= 2 && text[0] == '"' && text[^1] == '"'
            ? [text[1..^1]]
            : text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    static int FirstIndex(List<FakeLogEvent> events, Func<FakeLogEvent, bool> match)
    {
        var index = events.FindIndex(e => match(e));
        return index < 0 ? events.Count : index;
    }

    static string Token(string kind, int position) => kind + position.ToString("D56", CultureInfo.InvariantCulture);

    static bool TryOffset(string? token, string kind, out int offset)
    {
        offset = 0;
        if (token is null) return true;
        return token.StartsWith(kind, StringComparison.Ordinal)
            && int.TryParse(token.AsSpan(kind.Length), NumberStyles.None, CultureInfo.InvariantCulture, out offset);
    }
}
