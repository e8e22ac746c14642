using System.Net;
using System.Text.Json.Nodes;
using ChaosDashboard.Aws.Logs;
using ChaosDashboard.Aws.Tests.Infrastructure;

namespace ChaosDashboard.Aws.Tests.Clients;

public sealed class LogsClientTests
{
    /// <summary>
    /// A stream as CloudWatch pages it forward: token "f/N" starts at event N, pages hold two events,
    /// and the end is marked by answering with the token that was sent. <see cref="EmptyPagesBefore"/>
    /// inserts empty pages, which CloudWatch also produces.
    /// </summary>
    private sealed class FakeStream(List<string> messages)
    {
        public int EmptyPagesBefore { get; init; }

        private int _emptyPagesGiven;

        public HttpResponseMessage Respond(CapturedRequest request)
        {
            var token = request.BodyJson()!["nextToken"]?.GetValue<string>();
            var start = token is null ? 0 : int.Parse(token[2..].Split('~')[0]);
            if (_emptyPagesGiven < EmptyPagesBefore)
            {
                // A new token for the same position: an empty page that is not the end.
                _emptyPagesGiven++;
                return Page([], $"f/{start}~{_emptyPagesGiven}");
            }

            var events = messages.Skip(start).Take(2).ToList();
            var nextToken = events.Count == 0 ? token ?? "f/0" : $"f/{start + events.Count}";
            return Page(events.Select((m, i) => (start + i, m)).ToList(), nextToken);
        }

        private static HttpResponseMessage Page(List<(int Index, string Message)> events, string nextForwardToken)
        {
            var array = new JsonArray(events.Select(e => (JsonNode)new JsonObject
            {
                ["timestamp"] = 1_700_000_000_000 + e.Index * 30_000,
                ["message"] = e.Message,
                ["ingestionTime"] = 1_700_000_000_500 + e.Index * 30_000,
            }).ToArray());
            return RecordingHandler.Json(HttpStatusCode.OK,
                new JsonObject { ["events"] = array, ["nextForwardToken"] = nextForwardToken, ["nextBackwardToken"] = "b/0" }.ToJsonString());
        }
    }

    [Fact]
    public async Task FollowStream_returns_new_events_and_a_token_to_continue_from()
    {
        var messages = new List<string> { "Starting batch job", "Successfully PUT item 0 out of 10 into DDB", "Successfully PUT item 1 out of 10 into DDB" };
        var stream = new FakeStream(messages);
        var handler = new RecordingHandler(stream.Respond);
        using var logs = LogsClient.Create(TestAws.Settings(), handler);

        var first = await logs.FollowStreamAsync("group", "BatchJobEcs/BatchJob/abc", forwardToken: null);
        Assert.Equal(messages, first.Events.Select(e => e.Message));
        Assert.Equal("f/3", first.ForwardToken);

        messages.Add("Successfully PUT item 2 out of 10 into DDB");
        var second = await logs.FollowStreamAsync("group", "BatchJobEcs/BatchJob/abc", first.ForwardToken);
        Assert.Equal(["Successfully PUT item 2 out of 10 into DDB"], second.Events.Select(e => e.Message));
        Assert.Equal("f/4", second.ForwardToken);

        var third = await logs.FollowStreamAsync("group", "BatchJobEcs/BatchJob/abc", second.ForwardToken);
        Assert.Empty(third.Events);
        Assert.Equal("f/4", third.ForwardToken);

        Assert.All(handler.Requests, r => Assert.True(r.BodyJson()!["startFromHead"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task FollowStream_reads_past_empty_pages()
    {
        var handler = new RecordingHandler(new FakeStream(["a", "b", "c"]) { EmptyPagesBefore = 3 }.Respond);
        using var logs = LogsClient.Create(TestAws.Settings(), handler);

        var result = await logs.FollowStreamAsync("group", "stream", null);

        Assert.Equal(["a", "b", "c"], result.Events.Select(e => e.Message));
        Assert.Equal("f/3", result.ForwardToken);
    }

    [Fact]
    public async Task FollowStream_sends_the_start_time_only_without_a_token()
    {
        var handler = new RecordingHandler(new FakeStream(["a"]).Respond);
        using var logs = LogsClient.Create(TestAws.Settings(), handler);
        var since = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

        var result = await logs.FollowStreamAsync("group", "stream", null, since);
        await logs.FollowStreamAsync("group", "stream", result.ForwardToken, since);

        Assert.Equal(1_700_000_000_000, handler.Requests[0].BodyJson()!["startTime"]!.GetValue<long>());
        Assert.Null(handler.Requests[^1].BodyJson()!["startTime"]);
    }

    [Fact]
    public async Task FilterLogEvents_reads_on_through_empty_pages_until_no_token_comes_back()
    {
        var pages = new Dictionary<string, string>
        {
            [""] = """{"events":[],"nextToken":"t1"}""",
            ["t1"] = """{"events":[{"logStreamName":"s1","timestamp":1700000000000,"message":"one","eventId":"1"}],"nextToken":"t2"}""",
            ["t2"] = """{"events":[],"nextToken":"t3"}""",
            ["t3"] = """{"events":[{"logStreamName":"s2","timestamp":1700000001000,"message":"two","eventId":"2"}]}""",
        };
        var handler = new RecordingHandler(request =>
            RecordingHandler.Json(HttpStatusCode.OK, pages[request.BodyJson()!["nextToken"]?.GetValue<string>() ?? ""]));
        using var logs = LogsClient.Create(TestAws.Settings(), handler);

        var events = await logs.FilterLogEventsAsync(new FilterLogEventsRequest { LogGroupName = "g", FilterPattern = "PUT" });

        Assert.Equal(["one", "two"], events.Select(e => e.Message));
        Assert.Equal(4, handler.Requests.Count);
    }

    [Fact]
    public async Task ReadAllMessages_reads_every_stream_and_every_page_in_time_order()
    {
        var streamPages = new Dictionary<string, string>
        {
            [""] = """{"logStreams":[{"logStreamName":"s1"}],"nextToken":"more"}""",
            ["more"] = """{"logStreams":[{"logStreamName":"s2"}]}""",
        };
        var streams = new Dictionary<string, FakeStream>
        {
            ["s1"] = new(["s1-0", "s1-1", "s1-2"]),
            ["s2"] = new(["s2-0", "s2-1"]) { EmptyPagesBefore = 2 },
        };
        var handler = new RecordingHandler(request => request.Header("X-Amz-Target") switch
        {
            "Logs_20140328.DescribeLogStreams" => RecordingHandler.Json(HttpStatusCode.OK, streamPages[request.BodyJson()!["nextToken"]?.GetValue<string>() ?? ""]),
            _ => streams[request.BodyJson()!["logStreamName"]!.GetValue<string>()].Respond(request),
        });
        using var logs = LogsClient.Create(TestAws.Settings(), handler);

        var events = await logs.ReadAllMessagesAsync("/ecs/cluster/events/default");

        Assert.Equal(["s1-0", "s2-0", "s1-1", "s2-1", "s1-2"], events.Select(e => e.Message));
        Assert.Equal(["s1", "s2", "s1", "s2", "s1"], events.Select(e => e.LogStreamName));
    }

    [Fact]
    public async Task DescribeLogStreams_refuses_a_prefix_with_LastEventTime_order()
    {
        using var logs = LogsClient.Create(TestAws.Settings(), RecordingHandler.AlwaysJson("{}"));
        await Assert.ThrowsAsync<ArgumentException>(() => logs.DescribeLogStreamsAsync("g", "prefix", LogStreamOrder.LastEventTime));
    }
}
