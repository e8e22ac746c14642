using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using ChaosDashboard.Aws;
using ChaosDashboard.Aws.Logs;
using ChaosDashboard.Aws.Signing;
using ChaosDashboard.StartTimes;
using Microsoft.Extensions.Time.Testing;

namespace ChaosDashboard.Tests.StartTimes;

/// <summary>The events log group read several streams at once, within the GetLogEvents quota.</summary>
public class LogGroupStreamsAtOnceTests
{
    /// <summary>
    /// Streams s0…s5, each of four messages on two pages. The first page of the first three streams is
    /// answered only once all three are asked for at the same time, so a reader that reads one stream
    /// after another never gets past the first.
    /// </summary>
    sealed class ThreeAtOnceLogs : HttpMessageHandler
    {
        readonly TaskCompletionSource _threeAsked = new(TaskCreationOptions.RunContinuationsAsynchronously);
        int _inFlight, _firstPagesAsked;
        public int MostInFlight;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var operation = request.Headers.GetValues("X-Amz-Target").Single().Split('.')[1];
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
            if (operation == "DescribeLogStreams")
                return Json(new JsonObject { ["logStreams"] = new JsonArray(Enumerable.Range(0, 6).Select(i => (JsonNode)new JsonObject { ["logStreamName"] = $"s{i}" }).ToArray()) });

            var stream = body["logStreamName"]!.GetValue<string>();
            var token = body["nextToken"]?.GetValue<string>();
            var inFlight = Interlocked.Increment(ref _inFlight);
            lock (this) MostInFlight = Math.Max(MostInFlight, inFlight);
            try
            {
                if (token is null && stream is "s0" or "s1" or "s2")
                {
                    if (Interlocked.Increment(ref _firstPagesAsked) == 3) _threeAsked.SetResult();
                    await _threeAsked.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
                }
                var page = token is null ? 0 : int.Parse(token[2..]);
                var events = page >= 2 ? new JsonArray() : new JsonArray(
                    new JsonObject { ["timestamp"] = 1, ["message"] = $"{stream}-{2 * page}" },
                    new JsonObject { ["timestamp"] = 2, ["message"] = $"{stream}-{2 * page + 1}" });
                return Json(new JsonObject { ["events"] = events, ["nextForwardToken"] = page >= 2 ? token : $"f/{page + 1}" });
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        static HttpResponseMessage Json(JsonObject body) => new(HttpStatusCode.OK)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.1"),
        };
    }

    [Fact]
    public async Task Several_streams_are_read_at_once_and_every_message_arrives_once_in_its_streams_order()
    {
        var fake = new ThreeAtOnceLogs();
        using var logs = LogsClient.Create(new AwsSettings
        {
            Region = "us-east-1",
            Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            EndpointUrl = new Uri("http://logs.test/"),
            UseEndpointEnvironmentVariables = false,
            Retry = new AwsRetryOptions { MaxAttempts = 1 },
        }, fake);

        var read = new List<string>();
        await foreach (var message in new LogsClientLogGroupReader(logs, streamsAtOnce: 3).ReadMessagesAsync("g", null, default)) read.Add(message);

        Assert.Equal(24, read.Count);
        Assert.Equal(24, read.Distinct().Count());
        foreach (var stream in Enumerable.Range(0, 6).Select(i => $"s{i}"))
            Assert.Equal([$"{stream}-0", $"{stream}-1", $"{stream}-2", $"{stream}-3"], read.Where(m => m.StartsWith(stream + "-")));
        Assert.Equal(3, fake.MostInFlight); // never more than asked for
    }

    [Fact]
    public async Task Calls_are_spaced_to_the_rate_whoever_makes_them()
    {
        var time = new FakeTimeProvider();
        var pacer = new CallPacer(callsPerSecond: 2, time);

        var calls = Enumerable.Range(0, 3).Select(_ => pacer.WaitAsync(default)).ToList();
        await Task.Yield();

        Assert.Equal(1, calls.Count(c => c.IsCompleted)); // the first goes at once
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Equal(1, calls.Count(c => c.IsCompleted));
        time.Advance(TimeSpan.FromMilliseconds(1));
        await Task.WhenAny(calls[1], calls[2]).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, calls.Count(c => c.IsCompleted)); // then one every half second
        time.Advance(TimeSpan.FromMilliseconds(500));
        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(10));
    }
}
