using ChaosDashboard.Aws.Logs;
using ChaosDashboard.Aws.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ChaosDashboard.Aws.Tests.Contract;

/// <summary>Every CloudWatch Logs request this library builds is valid for the botocore model, and model-shaped answers parse.</summary>
public sealed class LogsContractTests(ITestOutputHelper output)
{
    private const string LogGroup = "FisStopTaskStack-LogGroup";
    private const string LogStream = "BatchJobEcs/BatchJob/0123456789abcdef";
    private static readonly DateTimeOffset Since = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private static readonly Dictionary<string, (string Operation, Func<LogsClient, Task> Run)> Scenarios = new()
    {
        ["GetLogEvents"] = ("GetLogEvents", async logs =>
        {
            var page = await logs.GetLogEventsAsync(new GetLogEventsRequest
            {
                LogGroupName = LogGroup,
                LogStreamName = LogStream,
                StartFromHead = true,
                StartTime = Since,
                EndTime = Since.AddMinutes(10),
                Limit = 100,
            });
            Assert.Equal(2, page.Events.Count);
            Assert.Equal(ModelSampleGenerator.SampleLong, page.Events[0].Timestamp);
            Assert.Equal("sample-message", page.Events[0].Message);
        }
        ),
        ["FollowStream"] = ("GetLogEvents", async logs =>
        {
            var result = await logs.FollowStreamAsync(LogGroup, LogStream, forwardToken: null, startTime: Since);
            Assert.Equal("sample-nextForwardToken", result.ForwardToken);
            Assert.Equal(4, result.Events.Count);
        }
        ),
        ["FilterLogEvents"] = ("FilterLogEvents", async logs =>
        {
            var events = await logs.FilterLogEventsAsync(new FilterLogEventsRequest
            {
                LogGroupName = LogGroup,
                LogStreamNamePrefix = "BatchJobEcs/",
                StartTime = Since,
                EndTime = Since.AddHours(1),
                FilterPattern = "\"Successfully PUT item\"",
            });
            Assert.Equal(2, events.Count);
            Assert.Equal("sample-logStreamName", events[0].LogStreamName);
        }
        ),
        ["FilterLogEventsByStreamNames"] = ("FilterLogEvents", async logs =>
            Assert.Equal(2, (await logs.FilterLogEventsAsync(new FilterLogEventsRequest
            {
                LogGroupName = LogGroup,
                LogStreamNames = [LogStream],
            })).Count)),
        ["DescribeLogStreams"] = ("DescribeLogStreams", async logs =>
        {
            var streams = await logs.DescribeLogStreamsAsync(LogGroup, orderBy: LogStreamOrder.LastEventTime, descending: true);
            Assert.Equal(2, streams.Count);
            Assert.Equal(ModelSampleGenerator.SampleLong, streams[0].LastEventTimestamp);
        }
        ),
        ["DescribeLogStreamsByPrefix"] = ("DescribeLogStreams", async logs =>
            Assert.Equal(2, (await logs.DescribeLogStreamsAsync(LogGroup, logStreamNamePrefix: "BatchJobEcs/")).Count)),
        ["DescribeLogGroups"] = ("DescribeLogGroups", async logs =>
            Assert.Equal(2, (await logs.DescribeLogGroupsAsync("FisStopTask")).Count)),
    };

    public static TheoryData<string> ScenarioNames => new(Scenarios.Keys);

    [ModelTheory]
    [MemberData(nameof(ScenarioNames))]
    public async Task Request_matches_the_model_and_the_model_output_parses(string scenario)
    {
        var model = BotocoreModels.Get("logs");
        var handler = new RecordingHandler(new ModelResponder(model, "logs", TimestampStyle.Integer).Respond);
        using var logs = LogsClient.Create(TestAws.Settings(), handler);

        await Scenarios[scenario].Run(logs);

        ContractAssert.RequestsMatchModel(model, "logs", handler.Requests, Scenarios[scenario].Operation, output);
    }

    [ModelFact]
    public async Task ReadAllMessages_calls_only_valid_DescribeLogStreams_and_GetLogEvents()
    {
        var model = BotocoreModels.Get("logs");
        var handler = new RecordingHandler(new ModelResponder(model, "logs", TimestampStyle.Integer).Respond);
        using var logs = LogsClient.Create(TestAws.Settings(), handler);

        var events = await logs.ReadAllMessagesAsync("/ecs/cluster/events/default", Since);

        // Two streams in the sample, each read until its forward token repeats: two pages of two events.
        Assert.Equal(8, events.Count);
        ContractAssert.RequestsMatchModel(model, "logs", handler.Requests.Take(1).ToList(), "DescribeLogStreams", output);
        ContractAssert.RequestsMatchModel(model, "logs", handler.Requests.Skip(1).ToList(), "GetLogEvents", output);
    }

    [ModelFact]
    public void Target_prefix_and_signing_name_match_the_model()
    {
        var model = BotocoreModels.Get("logs");
        Assert.Equal(LogsClient.TargetPrefix, model.TargetPrefix);
        Assert.Equal("1.1", model.JsonVersion);
        Assert.Equal("logs", model.SigningName);
    }
}
