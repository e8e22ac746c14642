using System.Text.Json.Nodes;
using ChaosDashboard.Aws.Ecs;
using ChaosDashboard.Aws.Fis;
using ChaosDashboard.Aws.Logs;
using ChaosDashboard.Aws.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ChaosDashboard.Aws.Tests.Capture;

/// <summary>
/// The same calls made by the real AWS CLI and by our clients, both captured on loopback, must look
/// the same on the wire: method, path, query, target header, content type, signing scope and the
/// JSON body as a tree. The CLI takes about a second to start, so the fixture runs all of them
/// once, a few at a time.
/// </summary>
public sealed class CliCaptureTests(CliCaptureFixture captures, ITestOutputHelper output) : IClassFixture<CliCaptureFixture>
{
    public static TheoryData<string> CaseNames => new(CliCaptureFixture.Cases.Keys);

    [AwsCliTheory]
    [MemberData(nameof(CaseNames))]
    public async Task Our_request_matches_the_cli_request(string caseName)
    {
        var testCase = CliCaptureFixture.Cases[caseName];
        var cliRequest = captures.Get(caseName);
        var handler = RecordingHandler.AlwaysJson(testCase.ResponseBody);
        await testCase.RunOurs(TestAws.Settings(), handler);
        var ours = Assert.Single(handler.Requests);

        output.WriteLine($"cli:  {cliRequest.Method} {cliRequest.RawPathAndQuery} {cliRequest.BodyText}");
        output.WriteLine($"ours: {ours.Method} {ours.RawPathAndQuery} {ours.BodyText}");

        Assert.Equal(cliRequest.Method, ours.Method);
        Assert.Equal(cliRequest.RawPath, ours.RawPath);
        Assert.Equal(cliRequest.QueryParameters().Order(), ours.QueryParameters().Order());
        Assert.Equal(cliRequest.Header("X-Amz-Target"), ours.Header("X-Amz-Target"));
        Assert.Equal(cliRequest.Header("Content-Type"), ours.Header("Content-Type"));

        var cliScope = SigV4Verifier.Parse(cliRequest.Header("Authorization")!);
        var ourScope = SigV4Verifier.Parse(ours.Header("Authorization")!);
        Assert.Equal((cliScope.Region, cliScope.Service), (ourScope.Region, ourScope.Service));

        var differences = JsonTreeComparer.Differences(
            cliRequest.Body.Length == 0 ? null : JsonNode.Parse(cliRequest.Body),
            ours.BodyJson(),
            testCase.AllowedExtras);
        Assert.True(differences.Count == 0, "Bodies differ:\n" + string.Join("\n", differences));
    }
}

public sealed record CliCase(
    IReadOnlyList<string> CliArguments,
    string ResponseBody,
    Func<AwsSettings, HttpMessageHandler, Task> RunOurs,
    IReadOnlySet<string> AllowedExtras);

public sealed class CliCaptureFixture : IAsyncLifetime
{
    private const string Cluster = "FisStackECS-Cluster";
    private const string TaskArn = "arn:aws:ecs:us-east-1:123456789012:task/FisStackECS-Cluster/0123456789abcdef0123456789abcdef";
    private const string LogGroup = "FisStopTaskStack-LogGroup";
    private const string LogStream = "BatchJobEcs/BatchJob/0123456789abcdef";
    private const long StartMillis = 1_700_000_000_000;

    private static readonly IReadOnlySet<string> NoExtras = new HashSet<string>();

    public static readonly IReadOnlyDictionary<string, CliCase> Cases = new Dictionary<string, CliCase>
    {
        ["ecs run-task"] = new(
            ["ecs", "run-task", "--cluster", Cluster, "--task-definition", "FisStopTaskStackTaskDef", "--launch-type", "FARGATE",
             "--count", "1",
             "--network-configuration", "awsvpcConfiguration={subnets=[subnet-0a1b2c3d,subnet-4e5f6a7b],securityGroups=[sg-0123456789abcdef0],assignPublicIp=DISABLED}",
             "--tags", "key=fisTarget,value=true", "key=run,value=baseline-1",
             "--propagate-tags", "TASK_DEFINITION", "--started-by", "chaos-dashboard/run-1"],
            """{"tasks":[],"failures":[]}""",
            (settings, handler) => Use(EcsClient.Create(settings, handler), ecs => ecs.RunTaskAsync(new RunTaskRequest
            {
                Cluster = Cluster,
                TaskDefinition = "FisStopTaskStackTaskDef",
                Subnets = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"],
                SecurityGroups = ["sg-0123456789abcdef0"],
                Tags = new Dictionary<string, string> { ["fisTarget"] = "true", ["run"] = "baseline-1" },
                PropagateTags = "TASK_DEFINITION",
                StartedBy = "chaos-dashboard/run-1",
            })),
            // Idempotency token added by our client; the CLI of Debian 12 predates RunTask's clientToken.
            new HashSet<string> { "$.clientToken" }),
        ["ecs describe-tasks"] = new(
            ["ecs", "describe-tasks", "--cluster", Cluster, "--tasks", TaskArn, "0123456789abcdef", "--include", "TAGS"],
            """{"tasks":[],"failures":[]}""",
            (settings, handler) => Use(EcsClient.Create(settings, handler), ecs => ecs.DescribeTasksAsync(Cluster, [TaskArn, "0123456789abcdef"])),
            NoExtras),
        ["ecs stop-task"] = new(
            ["ecs", "stop-task", "--cluster", Cluster, "--task", TaskArn, "--reason", "Stopped from the dashboard"],
            """{"task":{"taskArn":"x"}}""",
            (settings, handler) => Use(EcsClient.Create(settings, handler), ecs => ecs.StopTaskAsync(Cluster, TaskArn, "Stopped from the dashboard")),
            NoExtras),
        ["ecs list-tasks"] = new(
            ["ecs", "list-tasks", "--cluster", Cluster, "--started-by", "chaos-dashboard", "--desired-status", "STOPPED"],
            """{"taskArns":[]}""",
            (settings, handler) => Use(EcsClient.Create(settings, handler), ecs => ecs.ListTasksAsync(new ListTasksRequest
            {
                Cluster = Cluster,
                StartedBy = "chaos-dashboard",
                DesiredStatus = "STOPPED",
            })),
            NoExtras),
        ["fis start-experiment"] = new(
            ["fis", "start-experiment", "--experiment-template-id", "EXT1a2b3c4d5e6f7", "--tags", "run=baseline-1,Name=stop-1",
             "--client-token", "run-1-stop"],
            """{"experiment":{"id":"EXP1"}}""",
            (settings, handler) => Use(FisClient.Create(settings, handler), fis => fis.StartExperimentAsync(
                "EXT1a2b3c4d5e6f7", new Dictionary<string, string> { ["run"] = "baseline-1", ["Name"] = "stop-1" }, "run-1-stop")),
            NoExtras),
        ["fis get-experiment"] = new(
            ["fis", "get-experiment", "--id", "EXP1a2b3c4d5e6f7"],
            """{"experiment":{"id":"EXP1a2b3c4d5e6f7"}}""",
            (settings, handler) => Use(FisClient.Create(settings, handler), fis => fis.GetExperimentAsync("EXP1a2b3c4d5e6f7")),
            NoExtras),
        ["fis stop-experiment"] = new(
            ["fis", "stop-experiment", "--id", "EXP1a2b3c4d5e6f7"],
            """{"experiment":{"id":"EXP1a2b3c4d5e6f7"}}""",
            (settings, handler) => Use(FisClient.Create(settings, handler), fis => fis.StopExperimentAsync("EXP1a2b3c4d5e6f7")),
            NoExtras),
        ["logs get-log-events"] = new(
            ["logs", "get-log-events", "--log-group-name", LogGroup, "--log-stream-name", LogStream, "--start-from-head",
             "--start-time", StartMillis.ToString(), "--end-time", (StartMillis + 600_000).ToString(), "--limit", "100"],
            """{"events":[]}""",
            (settings, handler) => Use(LogsClient.Create(settings, handler), logs => logs.GetLogEventsAsync(new GetLogEventsRequest
            {
                LogGroupName = LogGroup,
                LogStreamName = LogStream,
                StartFromHead = true,
                StartTime = DateTimeOffset.FromUnixTimeMilliseconds(StartMillis),
                EndTime = DateTimeOffset.FromUnixTimeMilliseconds(StartMillis + 600_000),
                Limit = 100,
            })),
            NoExtras),
        ["logs filter-log-events"] = new(
            ["logs", "filter-log-events", "--log-group-name", LogGroup, "--log-stream-name-prefix", "BatchJobEcs/",
             "--start-time", StartMillis.ToString(), "--filter-pattern", "\"Successfully PUT item\""],
            """{"events":[]}""",
            (settings, handler) => Use(LogsClient.Create(settings, handler), logs => logs.FilterLogEventsAsync(new FilterLogEventsRequest
            {
                LogGroupName = LogGroup,
                LogStreamNamePrefix = "BatchJobEcs/",
                StartTime = DateTimeOffset.FromUnixTimeMilliseconds(StartMillis),
                FilterPattern = "\"Successfully PUT item\"",
            })),
            NoExtras),
        ["logs describe-log-streams"] = new(
            ["logs", "describe-log-streams", "--log-group-name", LogGroup, "--order-by", "LastEventTime", "--descending"],
            """{"logStreams":[]}""",
            (settings, handler) => Use(LogsClient.Create(settings, handler), logs => logs.DescribeLogStreamsAsync(
                LogGroup, orderBy: LogStreamOrder.LastEventTime, descending: true)),
            NoExtras),
    };

    private readonly Dictionary<string, CapturedRequest> _captured = new();
    private readonly Dictionary<string, string> _failures = new();

    public CapturedRequest Get(string caseName)
    {
        if (AwsCli.Path is null)
        {
            throw new InvalidOperationException(AwsCli.MissingMessage);
        }

        return _captured.TryGetValue(caseName, out var request)
            ? request
            : throw new InvalidOperationException($"aws {caseName} sent no request: {_failures.GetValueOrDefault(caseName)}");
    }

    public async Task InitializeAsync()
    {
        if (AwsCli.Path is null)
        {
            return;
        }

        // Two cores: three CLI processes at once keep the wall time down without thrashing.
        using var gate = new SemaphoreSlim(3);
        await Task.WhenAll(Cases.Select(async pair =>
        {
            await gate.WaitAsync();
            try
            {
                using var server = new LoopbackServer(_ => LoopbackResponse.Json(pair.Value.ResponseBody));
                var run = await AwsCli.RunAsync(server.BaseUrl, pair.Value.CliArguments);
                lock (_captured)
                {
                    if (server.Requests.Count > 0)
                    {
                        _captured[pair.Key] = server.Requests[0];
                    }
                    else
                    {
                        _failures[pair.Key] = $"exit code {run.ExitCode}: {run.StandardError.Trim()}";
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task Use<TClient>(TClient client, Func<TClient, Task> call)
        where TClient : IDisposable
    {
        using (client)
        {
            await call(client);
        }
    }
}
