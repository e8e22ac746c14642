using ChaosDashboard.Aws.Ecs;
using ChaosDashboard.Aws.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ChaosDashboard.Aws.Tests.Contract;

/// <summary>Every ECS request this library builds is valid for the botocore ECS model, and every model-shaped answer parses.</summary>
public sealed class EcsContractTests(ITestOutputHelper output)
{
    private const string Cluster = "FisStackECS-Cluster";

    private static readonly Dictionary<string, Func<EcsClient, Task>> Scenarios = new()
    {
        ["RunTask"] = async ecs =>
        {
            var result = await ecs.RunTaskAsync(new RunTaskRequest
            {
                Cluster = Cluster,
                TaskDefinition = "FisStopTaskStackTaskDef",
                Count = 1,
                Subnets = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"],
                SecurityGroups = ["sg-0123456789abcdef0"],
                AssignPublicIp = false,
                Tags = new Dictionary<string, string> { ["fisTarget"] = "true", ["run"] = "baseline-1" },
                PropagateTags = "TASK_DEFINITION",
                StartedBy = "chaos-dashboard/run-1",
                ClientToken = "run-1-attempt-1",
                ContainerEnvironment = new Dictionary<string, IReadOnlyDictionary<string, string>>
                {
                    ["BatchJob"] = new Dictionary<string, string> { ["RUN_ID"] = "run-1" },
                },
            });
            Assert.Equal(2, result.Tasks.Count);
            Assert.Equal(2, result.Failures.Count);
            Assert.Equal("sample-reason", result.Failures[0].Reason);
        },
        ["DescribeTasks"] = async ecs =>
        {
            var result = await ecs.DescribeTasksAsync(Cluster, ["arn:aws:ecs:us-east-1:123456789012:task/FisStackECS-Cluster/0123456789abcdef"]);
            var task = result.Tasks[0];
            Assert.Equal("sample-lastStatus", task.LastStatus);
            Assert.Equal(2, task.Containers.Count);
            Assert.Equal(1, task.Containers[0].ExitCode);
            Assert.Equal(2, task.Tags.Count);
            Assert.NotNull(task.CreatedAt);
        },
        ["ListTasks"] = async ecs =>
        {
            Assert.Equal(2, (await ecs.ListTasksAsync(new ListTasksRequest { Cluster = Cluster, Family = "FisStopTaskStackTaskDef", DesiredStatus = "STOPPED", LaunchType = "FARGATE" })).Count);
            Assert.Equal(2, (await ecs.ListTasksAsync(new ListTasksRequest { Cluster = Cluster, StartedBy = "chaos-dashboard", DesiredStatus = "RUNNING" })).Count);
        },
        ["StopTask"] = async ecs =>
        {
            var task = await ecs.StopTaskAsync(Cluster, "0123456789abcdef", "Stopped from the dashboard");
            Assert.NotNull(task);
        },
        ["ListClusters"] = async ecs => Assert.Equal(2, (await ecs.ListClustersAsync()).Count),
        ["DescribeTaskDefinition"] = async ecs =>
        {
            var result = await ecs.DescribeTaskDefinitionAsync("FisStopTaskStackTaskDef:3");
            Assert.Equal(1, result.TaskDefinition.Revision);
            Assert.Equal(2, result.TaskDefinition.ContainerDefinitions.Count);
            Assert.NotNull(result.TaskDefinition.ContainerDefinitions[0].LogConfiguration);
        },
        ["ListTaskDefinitionFamilies"] = async ecs =>
            Assert.Equal(2, (await ecs.ListTaskDefinitionFamiliesAsync("FisStopTask", "ACTIVE")).Count),
    };

    public static TheoryData<string> Operations => new(Scenarios.Keys);

    [ModelTheory]
    [MemberData(nameof(Operations))]
    public async Task Request_matches_the_model_and_the_model_output_parses(string operation)
    {
        var model = BotocoreModels.Get("ecs");
        var handler = new RecordingHandler(new ModelResponder(model, "ecs", TimestampStyle.Decimal).Respond);
        using var ecs = EcsClient.Create(TestAws.Settings(), handler);

        await Scenarios[operation](ecs);

        ContractAssert.RequestsMatchModel(model, "ecs", handler.Requests, operation, output);
    }

    [ModelTheory]
    [InlineData(TimestampStyle.Integer)]
    [InlineData(TimestampStyle.Decimal)]
    [InlineData(TimestampStyle.Exponent)]
    public async Task Task_timestamps_parse_in_every_number_form(TimestampStyle style)
    {
        var model = BotocoreModels.Get("ecs");
        var handler = new RecordingHandler(new ModelResponder(model, "ecs", style).Respond);
        using var ecs = EcsClient.Create(TestAws.Settings(), handler);

        var task = (await ecs.DescribeTasksAsync(Cluster, ["task-1"])).Tasks[0];

        var expected = ModelSampleGenerator.ExpectedInstant(style);
        Assert.All(
            new[] { task.CreatedAt, task.ConnectivityAt, task.PullStartedAt, task.PullStoppedAt, task.StartedAt, task.StoppingAt, task.ExecutionStoppedAt, task.StoppedAt },
            timestamp => Assert.Equal(expected, timestamp));
    }

    [ModelFact]
    public void Every_operation_the_client_calls_is_in_the_model()
    {
        var model = BotocoreModels.Get("ecs");
        Assert.Equal(EcsClient.TargetPrefix, model.TargetPrefix);
        Assert.Equal("1.1", model.JsonVersion);
        Assert.Equal("ecs", model.SigningName);
        Assert.All(Scenarios.Keys, operation => Assert.True(model.HasOperation(operation), $"{operation} is not in {model.Describe}"));
    }
}
