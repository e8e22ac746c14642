using ChaosDashboard.StartTimeAnalysis.Analysis;
using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimeAnalysis.Tests;

public class TaskStartMergerTests
{
    private static readonly DateTimeOffset T0 = Fixtures.Utc("2023-03-03T11:00:00Z");

    private static TaskStartSample Observation(long? version, string status) => new()
    {
        TaskArn = "arn:aws:ecs:us-east-1:1:task/c/t",
        Version = version,
        LastStatus = status,
    };

    [Fact]
    public void The_highest_version_wins_whatever_the_arrival_order()
    {
        var merger = new TaskStartMerger();
        merger.Add(Observation(3, "RUNNING") with { StartedAt = T0.AddSeconds(9) });
        merger.Add(Observation(1, "PROVISIONING") with { CreatedAt = T0 });
        merger.Add(Observation(2, "PENDING") with { CreatedAt = T0, PullStartedAt = T0.AddSeconds(6) });

        TaskStartSample task = Assert.Single(merger.Tasks);
        Assert.Equal("RUNNING", task.LastStatus);
        Assert.Equal(3, task.Version);
        // Timestamps only the lower versions carried are kept.
        Assert.Equal(T0, task.CreatedAt);
        Assert.Equal(T0.AddSeconds(6), task.PullStartedAt);
        Assert.Equal(T0.AddSeconds(9), task.StartedAt);
        Assert.Equal(0, merger.DuplicateDeliveries);
        Assert.Equal(3, merger.Observations);
    }

    [Fact]
    public void The_same_version_twice_is_one_event_delivered_twice()
    {
        var merger = new TaskStartMerger();
        merger.Add(Observation(2, "RUNNING"));
        merger.Add(Observation(2, "RUNNING"));
        merger.Add(Observation(2, "RUNNING"));
        merger.Add(Observation(1, "PENDING"));

        Assert.Equal(1, merger.TaskCount);
        Assert.Equal(2, merger.DuplicateDeliveries);
        Assert.Equal("RUNNING", Assert.Single(merger.Tasks).LastStatus);
    }

    [Fact]
    public void Without_versions_the_later_observation_wins()
    {
        TaskStartSample merged = TaskStartMerger.Merge(Observation(null, "PENDING"), Observation(null, "RUNNING"), out bool duplicate);

        Assert.Equal("RUNNING", merged.LastStatus);
        Assert.False(duplicate);
        Assert.Equal("RUNNING", TaskStartMerger.Merge(Observation(1, "RUNNING"), Observation(null, "PENDING"), out _).LastStatus);
    }

    [Fact]
    public void Different_tasks_stay_apart()
    {
        var merger = new TaskStartMerger();
        merger.Add(Observation(1, "RUNNING"));
        merger.Add(Observation(1, "RUNNING") with { TaskArn = "arn:aws:ecs:us-east-1:1:task/c/other" });

        Assert.Equal(2, merger.TaskCount);
        Assert.Equal(0, merger.DuplicateDeliveries);
    }
}
