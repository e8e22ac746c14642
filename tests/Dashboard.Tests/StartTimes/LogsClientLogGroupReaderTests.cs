using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using ChaosDashboard.Aws;
using ChaosDashboard.Aws.Logs;
using ChaosDashboard.Aws.Signing;
using ChaosDashboard.StartTimes;

namespace ChaosDashboard.Tests.StartTimes;

/// <summary>The log group reader over the real Logs client, against a CloudWatch Logs that answers in memory.</summary>
public class LogsClientLogGroupReaderTests
{
    /// <summary>
    /// A log group of streams: DescribeLogStreams answers one stream per page; GetLogEvents two events per
    /// page, with "f/N" tokens, an empty page before the end, and the sent token back at the end.
    /// </summary>
    sealed class FakeLogs(Dictionary<string, (long? LastIngestion, List<string> Messages)> streams) : HttpMessageHandler
    {
        public List<(string Operation, JsonObject Body)> Calls { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var operation = request.Headers.GetValues("X-Amz-Target").Single().Split('.')[1];
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
            lock (Calls) Calls.Add((operation, body));
            var names = streams.Keys.Order(StringComparer.Ordinal).ToList();
            var token = body["nextToken"]?.GetValue<string>();
            if (operation == "DescribeLogStreams")
            {
                var index = token is null ? 0 : int.Parse(token);
                var answer = new JsonObject
                {
                    ["logStreams"] = new JsonArray(new JsonObject { ["logStreamName"] = names[index], ["lastIngestionTime"] = streams[names[index]].LastIngestion }),
                };
                if (index + 1 < names.Count) answer["nextToken"] = (index + 1).ToString();
                return Json(answer);
            }

            var messages = streams[body["logStreamName"]!.GetValue<string>()].Messages;
            var start = token is null ? 0 : int.Parse(token[2..].Split('~')[0]);
            if (token is not null && !token.Contains('~') && start >= messages.Count)
                return Json(Page([], start, token + "~empty")); // an empty page that is not yet the end
            var events = messages.Skip(start).Take(2).ToList();
            var next = events.Count == 0 ? token ?? "f/0" : $"f/{start + events.Count}";
            return Json(Page(events, start, next));
        }

        static JsonObject Page(List<string> events, int start, string next) => new()
        {
            ["events"] = new JsonArray(events.Select((m, i) => (JsonNode)new JsonObject { ["timestamp"] = 1_777_000_000_000 + start + i, ["message"] = m }).ToArray()),
            ["nextForwardToken"] = next,
            ["nextBackwardToken"] = "b/0",
        };

        static HttpResponseMessage Json(JsonObject body) => new(HttpStatusCode.OK)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.1"),
        };
    }

    static LogsClient Client(HttpMessageHandler handler) => LogsClient.Create(new AwsSettings
    {
        Region = "us-east-1",
        Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        EndpointUrl = new Uri("http://logs.test/"),
        UseEndpointEnvironmentVariables = false,
        Retry = new AwsRetryOptions { MaxAttempts = 1 },
    }, handler);

    [Fact]
    public async Task Every_stream_and_every_page_is_read_from_the_head_and_handed_on_as_it_arrives()
    {
        var fake = new FakeLogs(new()
        {
            ["a"] = (null, ["a0", "a1", "a2", "a3", "a4"]),
            ["b"] = (null, ["b0"]),
            ["c"] = (null, []),
        });
        using var logs = Client(fake);
        var reader = new LogsClientLogGroupReader(logs);

        var read = new List<string>();
        int? callsAtFirstMessage = null;
        await foreach (var message in reader.ReadMessagesAsync("/ecs/cluster/events/chaos", null, default))
        {
            callsAtFirstMessage ??= fake.Calls.Count;
            read.Add(message);
        }

        Assert.Equal(["a0", "a1", "a2", "a3", "a4", "b0"], read);
        // The first message came after the stream listing (three pages) and one page of events, not after the whole group.
        Assert.Equal(4, callsAtFirstMessage);
        var gets = fake.Calls.Where(c => c.Operation == "GetLogEvents").ToList();
        Assert.All(gets, c => Assert.True(c.Body["startFromHead"]!.GetValue<bool>()));
        Assert.All(gets, c => Assert.Equal("/ecs/cluster/events/chaos", c.Body["logGroupName"]!.GetValue<string>()));
        // Each stream ends only when its token comes back, past an empty page: a reads from the head, f/2, f/4,
        // f/5 (empty) and f/5~empty (the end); b from the head, f/1 (empty), f/1~empty; c likewise from f/0.
        Assert.Equal(["a", "a", "a", "a", "a", "b", "b", "b", "c", "c", "c"], gets.Select(c => c.Body["logStreamName"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_read_since_a_time_starts_each_stream_there_and_skips_streams_idle_long_before()
    {
        var since = DateTimeOffset.FromUnixTimeMilliseconds(1_777_000_000_000);
        var longIdle = (since - LogsClientLogGroupReader.IdleStreamMargin - TimeSpan.FromMinutes(1)).ToUnixTimeMilliseconds();
        var fake = new FakeLogs(new()
        {
            ["old"] = (longIdle, ["o0"]),
            ["recent"] = (since.ToUnixTimeMilliseconds(), ["r0", "r1", "r2"]),
        });
        using var logs = Client(fake);

        var read = new List<string>();
        await foreach (var message in new LogsClientLogGroupReader(logs).ReadMessagesAsync("g", since, default)) read.Add(message);

        Assert.Equal(["r0", "r1", "r2"], read);
        var gets = fake.Calls.Where(c => c.Operation == "GetLogEvents").ToList();
        Assert.All(gets, c => Assert.Equal("recent", c.Body["logStreamName"]!.GetValue<string>()));
        // The start time places the first page only; the tokens carry the position after that.
        Assert.Equal(since.ToUnixTimeMilliseconds(), gets[0].Body["startTime"]!.GetValue<long>());
        Assert.All(gets.Skip(1), c => Assert.Null(c.Body["startTime"]));
    }
}
