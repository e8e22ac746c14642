using System.Text;
using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimeAnalysis.Tests;

public class TaskStateChangeParserTests
{
    private readonly TaskStateChangeParser _parser = new();

    private ParseOutcome Parse(string json, out TaskStartSample? sample, out string? error) =>
        _parser.Parse(Encoding.UTF8.GetBytes(json), out sample, out error);

    [Fact]
    public void Every_field_of_the_detail_is_read()
    {
        string line = File.ReadLines(Fixtures.PathOf("events.jsonl")).ElementAt(17); // line 18: b3 STOPPED

        Assert.Equal(ParseOutcome.TaskStateChange, Parse(line, out TaskStartSample? sample, out _));
        Assert.NotNull(sample);
        Assert.Equal(Fixtures.TaskArn("b3"), sample.TaskArn);
        Assert.Equal(Fixtures.ChaosCluster, sample.ClusterArn);
        Assert.Equal("arn:aws:ecs:us-east-1:111122223333:task-definition/socidemo-app-noindex:2", sample.TaskDefinitionArn);
        Assert.Equal("family:socidemo-app-noindex", sample.Group);
        Assert.Equal("STOPPED", sample.LastStatus);
        Assert.Equal("STOPPED", sample.DesiredStatus);
        Assert.Equal("FARGATE", sample.LaunchType);
        Assert.Equal(2, sample.Version);
        Assert.Equal(Fixtures.Utc("2023-03-03T11:28:00Z"), sample.CreatedAt);
        Assert.Equal(Fixtures.Utc("2023-03-03T11:28:05Z"), sample.PullStartedAt);
        Assert.Null(sample.PullStoppedAt);
        Assert.Null(sample.StartedAt);
        Assert.Equal(Fixtures.Utc("2023-03-03T11:28:34.5Z"), sample.StoppingAt);
        Assert.Equal(Fixtures.Utc("2023-03-03T11:28:35Z"), sample.StoppedAt);
        Assert.Equal("TaskFailedToStart", sample.StopCode);
        Assert.StartsWith("CannotPullContainerError:", sample.StoppedReason);
        ContainerImage container = Assert.Single(sample.Containers);
        Assert.Equal(new ContainerImage("app", "111122223333.dkr.ecr.us-east-1.amazonaws.com/socidemo:latest", "sha256:5e1f0c3a9b7d"), container);
        Assert.Equal(Fixtures.Id("b3"), sample.TaskId);
        Assert.Equal(new TaskDefinitionName("socidemo-app-noindex", 2), sample.TaskDefinition);
    }

    [Fact]
    public void The_envelope_may_list_detail_before_detail_type()
    {
        const string json = """{"detail":{"taskArn":"arn:aws:ecs:r:1:task/c/t1","version":5},"source":"aws.ecs","detail-type":"ECS Task State Change"}""";

        Assert.Equal(ParseOutcome.TaskStateChange, Parse(json, out TaskStartSample? sample, out _));
        Assert.Equal(5, sample!.Version);
    }

    [Theory]
    [InlineData("""{"detail-type":"ECS Container Instance State Change","source":"aws.ecs","detail":{}}""")]
    [InlineData("""{"detail-type":"ECS Task State Change","source":"aws.partner","detail":{"taskArn":"x"}}""")]
    [InlineData("""{"some":"other json"}""")]
    [InlineData("""{"detail-type":"AWS API Call via CloudTrail","source":"aws.ecs","detail":{"createdAt":"not a time"}}""")]
    public void Other_kinds_of_events_are_ignored_not_malformed(string json)
    {
        Assert.Equal(ParseOutcome.OtherKind, Parse(json, out TaskStartSample? sample, out _));
        Assert.Null(sample);
    }

    [Theory]
    [InlineData("this line is not JSON at all", "not JSON")]
    [InlineData("{\"detail-type\":\"ECS Task State Change\",\"source\":\"aws.ecs\",\"detail\":{\"taskArn\":\"x", "invalid JSON")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("""{"a":1} {"b":2}""", "invalid after a single JSON value")]
    [InlineData("""{"detail-type":"ECS Task State Change","source":"aws.ecs","detail":{"createdAt":"2023-03-03T11:00:00Z"}}""", "taskArn")]
    [InlineData("""{"detail-type":"ECS Task State Change","source":"aws.ecs","detail":{"taskArn":"t","createdAt":"yesterday"}}""", "detail.createdAt")]
    [InlineData("""{"detail-type":"ECS Task State Change","source":"aws.ecs","detail":{"taskArn":"t","version":"3"}}""", "detail.version")]
    [InlineData("""{"detail-type":"ECS Task State Change","source":"aws.ecs","detail":{"taskArn":"t","containers":[{"name":7}]}}""", "containers[].name")]
    [InlineData("""{"detail-type":"ECS Task State Change","source":"aws.ecs","detail":{"taskArn":"t","lastStatus":{"x":1}}}""", "lastStatus")]
    [InlineData("""{"detail":[{"taskArn":"t"}],"detail-type":"ECS Task State Change","source":"aws.ecs"}""", "without a detail object")]
    [InlineData("""{"detail-type":"ECS Task State Change","source":"aws.ecs","detail":"t"}""", "without a detail object")]
    public void Malformed_events_say_what_is_wrong(string json, string reasonContains)
    {
        Assert.Equal(ParseOutcome.Malformed, Parse(json, out TaskStartSample? sample, out string? error));
        Assert.Null(sample);
        Assert.Contains(reasonContains, error);
    }

    [Fact]
    public void A_field_error_deep_in_the_detail_does_not_hide_what_follows_it()
    {
        // The bad timestamp comes first; the envelope's detail-type after the detail must still be read.
        const string json = """{"detail":{"taskArn":"t","createdAt":"nope","containers":[{"name":"a"}]},"source":"aws.ecs","detail-type":"ECS Task State Change"}""";

        Assert.Equal(ParseOutcome.Malformed, Parse(json, out _, out string? error));
        Assert.StartsWith("detail.createdAt", error);
    }

    [Fact]
    public void Escaped_strings_are_unescaped()
    {
        const string json = """{"detail-type":"ECS Task State Change","source":"aws.ecs","detail":{"taskArn":"t\/1","stoppedReason":"said \"no\"","createdAt":"2023-03-03T11:24:44\u002E5Z"}}""";

        Assert.Equal(ParseOutcome.TaskStateChange, Parse(json, out TaskStartSample? sample, out _));
        Assert.Equal("t/1", sample!.TaskArn);
        Assert.Equal("said \"no\"", sample.StoppedReason);
        Assert.Equal(Fixtures.Utc("2023-03-03T11:24:44.5Z"), sample.CreatedAt);
    }

    [Fact]
    public void A_describe_tasks_answer_gives_one_sample_per_task()
    {
        IReadOnlyList<TaskStartSample> tasks = _parser.ParseDescribeTasksResponse(File.ReadAllBytes(Fixtures.PathOf("describe-tasks.json")));

        Assert.Equal(2, tasks.Count);
        TaskStartSample d1 = tasks[0];
        Assert.Equal(Fixtures.Utc("2023-03-03T11:25:00Z"), d1.CreatedAt);
        Assert.Equal(Fixtures.Utc("2023-03-03T11:25:08.25Z"), d1.PullStartedAt);
        Assert.Equal(Fixtures.Utc("2023-03-03T11:25:09.5Z"), d1.PullStoppedAt);
        Assert.Equal(Fixtures.Utc("2023-03-03T11:25:10.125Z"), d1.StartedAt);
        Assert.Equal(4, d1.Version);
        Assert.Equal("d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2", tasks[1].TaskId);
        Assert.Equal(Fixtures.Utc("2023-03-03T11:26:00.001Z"), tasks[1].CreatedAt);
        Assert.Null(tasks[1].StartedAt);
    }

    [Fact]
    public void A_broken_describe_tasks_answer_raises_a_readable_format_error()
    {
        var ex = Assert.Throws<FormatException>(() =>
            _parser.ParseDescribeTasksResponse("""{"tasks":[{"taskArn":"t","startedAt":true}]}"""u8));
        Assert.Contains("startedAt", ex.Message);
        Assert.Throws<FormatException>(() => _parser.ParseDescribeTasksResponse("{\"tasks\":["u8));
    }
}
