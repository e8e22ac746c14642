using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosDashboard.Experiment;
using ChaosDashboard.Live;
using ChaosDashboard.StartTimeAnalysis.Events;
using ChaosDashboard.StartTimes;

namespace ChaosDashboard.Tests;

/// <summary>
/// The task's times come from one record (<see cref="TaskTimes"/>), yet the JSON the API, the live
/// frames and the trial files carry keeps its flat shape, so trials recorded before still read.
/// </summary>
public class TaskViewJsonTests
{
    [Fact]
    public void A_tasks_times_are_written_beside_its_other_fields_as_before()
    {
        var task = Builders.Finished("a1", created: 0, stopped: 30) with { StartedAt = Builders.T0.AddSeconds(5) };

        var json = JsonNode.Parse(LiveJson.Serialize(task))!.AsObject();

        Assert.Equal("2026-11-22T10:00:00+00:00", (string?)json["createdAt"]);
        Assert.Equal("2026-11-22T10:00:05+00:00", (string?)json["startedAt"]);
        Assert.Equal("2026-11-22T10:00:31+00:00", (string?)json["stoppedAt"]);
        Assert.Equal("a1", (string?)json["taskId"]);
        Assert.False(json.ContainsKey("times"));
        Assert.False(json.ContainsKey("began"), "a derived figure is not part of the record");
    }

    [Fact]
    public void A_task_recorded_in_the_flat_shape_reads_back_the_same()
    {
        var task = Builders.Interrupted("b2", created: 3, stopped: 40) with { PullStartedAt = Builders.T0.AddSeconds(4) };

        var read = JsonSerializer.Deserialize<TaskView>(LiveJson.Serialize(task), LiveJson.Options)!;

        Assert.True(read.SameTimesAs(task));
        Assert.Equal(task.TaskId, read.TaskId);
        Assert.Equal(task.StopCode, read.StopCode);
    }

    [Fact]
    public void A_task_ECS_has_not_dated_yet_began_when_it_was_first_seen()
    {
        var seen = Builders.T0.AddSeconds(12);
        var task = Builders.Task("c3") with { CreatedAt = null, StateTimes = new Dictionary<string, DateTimeOffset> { ["PENDING"] = seen.AddSeconds(1), ["PROVISIONING"] = seen } };

        Assert.Equal(seen, task.Began);
        Assert.Null((task with { StateTimes = new Dictionary<string, DateTimeOffset>() }).Began);
        Assert.Equal(Builders.T0, Builders.Task("d4").Began);
    }

    [Fact]
    public void A_start_time_row_carries_the_samples_times_to_the_millisecond_and_its_phases_in_seconds()
    {
        var t0 = Builders.T0;
        var sample = new TaskStartSample(new TaskTimes
        {
            CreatedAt = t0.AddTicks(3),
            PullStartedAt = t0.AddSeconds(2),
            PullStoppedAt = t0.AddSeconds(9.5),
            StartedAt = t0.AddSeconds(10.25),
            StoppedAt = t0.AddSeconds(70),
        })
        { TaskArn = "arn:aws:ecs:us-west-2:1:task/c/e5", TaskDefinitionArn = "arn:aws:ecs:us-west-2:1:task-definition/app:3" };

        var row = StartTimeRowView.From(sample);

        Assert.Equal(t0, row.CreatedAt);
        Assert.Equal(t0.AddSeconds(70), row.StoppedAt);
        Assert.Equal(10.25, row.Total);
        Assert.Equal(7.5, row.ImagePull);
        Assert.Equal("app:3", row.Group);
    }
}
