using System.Net;
using System.Text.Json.Nodes;
using ChaosDashboard.Aws.Ecs;
using ChaosDashboard.Aws.Tests.Infrastructure;

namespace ChaosDashboard.Aws.Tests.Clients;

public sealed class EcsClientTests
{
    [Fact]
    public async Task RunTask_surfaces_failures_when_no_task_started()
    {
        var handler = RecordingHandler.AlwaysJson("""
            {"tasks":[],"failures":[{"arn":"arn:aws:ecs:us-east-1:1:container-instance/x","reason":"RESOURCE:ENI","detail":"no free IP in subnet-0a1b"}]}
            """);
        using var ecs = EcsClient.Create(TestAws.Settings(), handler);

        var result = await ecs.RunTaskAsync(new RunTaskRequest { TaskDefinition = "td", Subnets = ["subnet-0a1b"] });

        Assert.Empty(result.Tasks);
        var failure = Assert.Single(result.Failures);
        Assert.Equal("RESOURCE:ENI", failure.Reason);
        Assert.Contains("no free IP", failure.ToString());
    }

    [Fact]
    public async Task RunTask_generates_a_client_token_that_its_retries_reuse()
    {
        var handler = new RecordingHandler((_, attempt, _) => Task.FromResult(attempt == 1
            ? RecordingHandler.Json(HttpStatusCode.ServiceUnavailable, """{"__type":"ServerException","message":"later"}""")
            : RecordingHandler.Json(HttpStatusCode.OK, """{"tasks":[{"taskArn":"arn:aws:ecs:us-east-1:1:task/c/abc"}],"failures":[]}""")));
        using var ecs = EcsClient.Create(TestAws.Settings(), handler);

        await ecs.RunTaskAsync(new RunTaskRequest { TaskDefinition = "td" });
        await ecs.RunTaskAsync(new RunTaskRequest { TaskDefinition = "td" });

        var tokens = handler.Requests.Select(r => r.BodyJson()!["clientToken"]!.GetValue<string>()).ToList();
        Assert.Equal(3, tokens.Count);
        Assert.Equal(tokens[0], tokens[1]);
        Assert.NotEqual(tokens[1], tokens[2]);
        Assert.All(tokens, token => Assert.InRange(token.Length, 1, 64));
    }

    [Fact]
    public async Task RunTask_leaves_out_what_was_not_asked_for()
    {
        var handler = RecordingHandler.AlwaysJson("""{"tasks":[],"failures":[]}""");
        using var ecs = EcsClient.Create(TestAws.Settings(), handler);

        await ecs.RunTaskAsync(new RunTaskRequest { TaskDefinition = "td", ClientToken = "t-1" });

        var body = Assert.Single(handler.Requests).BodyJson()!.AsObject();
        Assert.Equal(["taskDefinition", "launchType", "count", "clientToken"], body.Select(p => p.Key));
        Assert.Equal("FARGATE", body["launchType"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(0, null, null, null)]
    [InlineData(11, null, null, null)]
    [InlineData(1, "has spaces", null, null)]
    [InlineData(1, null, "SERVICE", null)]
    [InlineData(1, null, null, "token\twith a tab")]
    public async Task RunTask_rejects_values_ECS_would_reject(int count, string? startedBy, string? propagateTags, string? clientToken)
    {
        var handler = RecordingHandler.AlwaysJson("{}");
        using var ecs = EcsClient.Create(TestAws.Settings(), handler);

        await Assert.ThrowsAsync<ArgumentException>(() => ecs.RunTaskAsync(new RunTaskRequest
        {
            TaskDefinition = "td",
            Count = count,
            StartedBy = startedBy,
            PropagateTags = propagateTags,
            ClientToken = clientToken,
        }));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task DescribeTasks_asks_in_batches_of_100_with_tags_and_merges_the_answers()
    {
        var handler = new RecordingHandler(request =>
        {
            var asked = request.BodyJson()!["tasks"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
            var tasks = new JsonArray(asked.Where(id => id != "task-7").Select(id => (JsonNode)new JsonObject { ["taskArn"] = $"arn:aws:ecs:us-east-1:1:task/c/{id}" }).ToArray());
            var failures = new JsonArray(asked.Where(id => id == "task-7").Select(id => (JsonNode)new JsonObject { ["arn"] = id, ["reason"] = "MISSING" }).ToArray());
            return RecordingHandler.Json(HttpStatusCode.OK, new JsonObject { ["tasks"] = tasks, ["failures"] = failures }.ToJsonString());
        });
        using var ecs = EcsClient.Create(TestAws.Settings(), handler);
        var ids = Enumerable.Range(0, 250).Select(i => $"task-{i}").ToList();

        var result = await ecs.DescribeTasksAsync("c", ids);

        Assert.Equal([100, 100, 50], handler.Requests.Select(r => r.BodyJson()!["tasks"]!.AsArray().Count));
        Assert.All(handler.Requests, r => Assert.Equal("""["TAGS"]""", r.BodyJson()!["include"]!.ToJsonString()));
        Assert.Equal(249, result.Tasks.Count);
        Assert.Equal(["task-7"], result.MissingTasks);
    }

    [Fact]
    public async Task ListTasks_follows_next_tokens_through_empty_pages()
    {
        var pages = new Dictionary<string, string>
        {
            [""] = """{"taskArns":["a","b"],"nextToken":"p2"}""",
            ["p2"] = """{"taskArns":[],"nextToken":"p3"}""",
            ["p3"] = """{"taskArns":["c"]}""",
        };
        var handler = new RecordingHandler(request =>
            RecordingHandler.Json(HttpStatusCode.OK, pages[request.BodyJson()!["nextToken"]?.GetValue<string>() ?? ""]));
        using var ecs = EcsClient.Create(TestAws.Settings(), handler);

        var arns = await ecs.ListTasksAsync(new ListTasksRequest { Cluster = "c", Family = "f", DesiredStatus = "STOPPED" });

        Assert.Equal(["a", "b", "c"], arns);
        Assert.Equal(3, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal("f", r.BodyJson()!["family"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ListTasks_refuses_startedBy_together_with_family()
    {
        using var ecs = EcsClient.Create(TestAws.Settings(), RecordingHandler.AlwaysJson("{}"));
        await Assert.ThrowsAsync<ArgumentException>(() => ecs.ListTasksAsync(new ListTasksRequest { Family = "f", StartedBy = "me" }));
    }

    [Theory]
    [InlineData("arn:aws:ecs:us-east-1:123456789012:task/FisStackECS-Cluster/0123abcd", "0123abcd")]
    [InlineData("arn:aws:ecs:us-east-1:123456789012:task/0123abcd", "0123abcd")]
    public void Task_id_is_read_from_long_and_short_arns(string arn, string id) =>
        Assert.Equal(id, new EcsTask { TaskArn = arn }.TaskId);

    [Fact]
    public async Task Task_details_are_read_from_attachments_tags_and_containers()
    {
        var handler = RecordingHandler.AlwaysJson("""
            {"tasks":[{
              "taskArn":"arn:aws:ecs:us-east-1:1:task/c/abc","lastStatus":"STOPPED","desiredStatus":"STOPPED",
              "stopCode":"UserInitiated","stoppedReason":"Task stopped by AWS FIS (Experiment ID: EXP123)",
              "createdAt":1700000000.5,"stoppedAt":1.7000001E9,
              "group":"family:FisStopTaskStackTaskDef","launchType":"FARGATE",
              "containers":[{"name":"BatchJob","lastStatus":"STOPPED","exitCode":137,"reason":"killed"}],
              "attachments":[{"id":"eni-att","type":"ElasticNetworkInterface","status":"DELETED",
                "details":[{"name":"subnetId","value":"subnet-0a1b"},{"name":"privateIPv4Address","value":"10.0.1.5"}]}],
              "tags":[{"key":"fisTarget","value":"true"}]}],
             "failures":[]}
            """);
        using var ecs = EcsClient.Create(TestAws.Settings(), handler);

        var task = Assert.Single((await ecs.DescribeTasksAsync("c", ["abc"])).Tasks);

        Assert.Equal("subnet-0a1b", task.SubnetId);
        Assert.Equal("10.0.1.5", task.PrivateIPv4Address);
        Assert.Equal("true", task.TagValue("fisTarget"));
        Assert.Equal(137, task.Containers[0].ExitCode);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500), task.CreatedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_100), task.StoppedAt);
        Assert.Contains("EXP123", task.StoppedReason);
    }
}
