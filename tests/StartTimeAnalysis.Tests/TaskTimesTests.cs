using ChaosDashboard.StartTimeAnalysis.Analysis;
using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimeAnalysis.Tests;

/// <summary>The one record of a task's ECS times, which samples, report rows and the pages derive from.</summary>
public class TaskTimesTests
{
    static readonly DateTimeOffset T0 = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    static readonly TaskTimes Times = new()
    {
        CreatedAt = T0,
        PullStartedAt = T0.AddSeconds(7.25),
        PullStoppedAt = T0.AddSeconds(19.5),
        StartedAt = T0.AddSeconds(20.125),
        StoppingAt = T0.AddSeconds(60),
        StoppedAt = T0.AddSeconds(61),
    };

    [Fact]
    public void Each_phase_runs_from_one_named_time_to_the_next()
    {
        Assert.Equal(TimeSpan.FromSeconds(20.125), Times.Measure(StartMeasure.Total));
        Assert.Equal(TimeSpan.FromSeconds(7.25), Times.Measure(StartMeasure.Provisioning));
        Assert.Equal(TimeSpan.FromSeconds(12.25), Times.Measure(StartMeasure.ImagePull));
        Assert.Equal(TimeSpan.FromSeconds(0.625), Times.Measure(StartMeasure.ContainerStart));
    }

    [Fact]
    public void A_phase_with_an_unknown_end_is_null_never_zero()
    {
        var pulling = Times with { PullStoppedAt = null, StartedAt = null };

        Assert.Null(pulling.Measure(StartMeasure.Total));
        Assert.Null(pulling.Measure(StartMeasure.ImagePull));
        Assert.Null(pulling.Measure(StartMeasure.ContainerStart));
        Assert.Equal(TimeSpan.FromSeconds(7.25), pulling.Measure(StartMeasure.Provisioning));
    }

    [Fact]
    public void A_sample_made_from_another_records_times_carries_those_times_and_nothing_else()
    {
        var source = new TaskStartSample(Times) { TaskArn = "arn:aws:ecs:us-west-2:1:task/c/a1", LastStatus = "STOPPED", StopCode = "UserInitiated" };

        var row = new TaskStartRow(source) { TaskId = "a1", TaskArn = source.TaskArn, Family = "f" };

        Assert.True(row.SameTimesAs(Times));
        Assert.Null(row.LastStatus);
        Assert.Equal(Times.Measure(StartMeasure.Total), row.Total);
    }

    [Fact]
    public void Times_are_cut_to_the_millisecond_as_the_store_keeps_them()
    {
        var fine = Times with { CreatedAt = T0.AddTicks(9_999), StoppedAt = T0.AddSeconds(61).AddTicks(1) };

        var cut = fine.ToMilliseconds();

        Assert.Equal(T0, cut.CreatedAt);
        Assert.Equal(T0.AddSeconds(61), cut.StoppedAt);
        Assert.Equal(Times.PullStartedAt, cut.PullStartedAt);
        Assert.False(fine.SameTimesAs(cut));
        Assert.True(Times.SameTimesAs(cut));
    }

    [Fact]
    public void A_sample_cut_to_the_millisecond_keeps_everything_else()
    {
        var sample = new TaskStartSample(Times with { StartedAt = T0.AddSeconds(20).AddTicks(5) })
        {
            TaskArn = "arn:aws:ecs:us-west-2:1:task/c/a1",
            Version = 4,
            Containers = [new ContainerImage("app", "repo:1", "sha256:abc")],
        };

        var cut = sample.WithTimesToTheMillisecond();

        Assert.Equal(T0.AddSeconds(20), cut.StartedAt);
        Assert.Equal(sample with { StartedAt = T0.AddSeconds(20) }, cut);
    }

    [Fact]
    public void Two_records_with_the_same_times_say_so_whatever_else_they_carry()
    {
        var sample = new TaskStartSample(Times) { TaskArn = "x" };

        Assert.True(sample.SameTimesAs(new TaskStartSample(Times) { TaskArn = "y" }));
        Assert.False(sample.SameTimesAs(Times with { StoppingAt = null }));
    }

    [Fact]
    public void A_report_row_is_about_the_start_and_leaves_the_stop_times_out()
    {
        var sample = new TaskStartSample(Times) { TaskArn = "arn:aws:ecs:us-west-2:1:task/c/a1", TaskDefinitionArn = "arn:aws:ecs:us-west-2:1:task-definition/app:3" };

        var row = TaskStartRow.From(sample);

        Assert.Null(row.StoppingAt);
        Assert.Null(row.StoppedAt);
        Assert.Equal(T0.AddSeconds(20.125), row.StartedAt);
        Assert.Equal(TimeSpan.FromSeconds(12.25), row.ImagePull);
    }
}
