using ChaosDashboard.Aws.DynamoDb;
using ChaosDashboard.Aws.Ecs;
using ChaosDashboard.Aws.Fis;
using ChaosDashboard.AwsMode;
using ChaosDashboard.Configuration;
using ChaosDashboard.Experiment;
using Microsoft.Extensions.Configuration;
using static ChaosDashboard.Tests.Builders;

namespace ChaosDashboard.Tests;

public class AwsViewsTests
{
    static readonly WorkshopResources Resources = new() { BaselineFamily = "FisStopTaskStackTaskDef", ImprovedFamily = "FisStopTaskImprovedTaskDef" };

    [Theory]
    [InlineData("arn:aws:ecs:us-east-1:1:task-definition/FisStopTaskImprovedTaskDef:7", "FisStopTaskImprovedTaskDef", "7")]
    [InlineData("arn:aws:ecs:us-east-1:1:task-definition/socidemo", "socidemo", null)]
    [InlineData("FisStopTaskStackTaskDef:2", "FisStopTaskStackTaskDef", "2")]
    [InlineData(null, null, null)]
    public void Task_definitions_are_read_with_or_without_revision(string? arn, string? family, string? revision) =>
        Assert.Equal((family, revision), AwsViews.TaskDefinitionOf(arn));

    [Fact]
    public void An_ecs_task_becomes_a_task_view_with_its_kind_times_and_exit_code()
    {
        var task = new EcsTask
        {
            TaskArn = "arn:aws:ecs:us-east-1:1:task/FisStackECS-Cluster/abc123",
            TaskDefinitionArn = "arn:aws:ecs:us-east-1:1:task-definition/FisStopTaskImprovedTaskDef:3",
            LastStatus = "STOPPED",
            DesiredStatus = "STOPPED",
            CreatedAt = T0,
            StartedAt = T0.AddSeconds(30),
            StoppedAt = T0.AddSeconds(90),
            StopCode = "UserInitiated",
            StoppedReason = "Task stopped by AWS FIS (Experiment ID: EXP1)",
            Containers = [new EcsContainer { Name = "sidecar", ExitCode = 9 }, new EcsContainer { Name = "BatchJob", ExitCode = 0 }],
        };

        var view = AwsViews.Task(task, Resources, "BatchJob");

        Assert.Equal("abc123", view.TaskId);
        Assert.Equal(TaskKind.Improved, view.Kind);
        Assert.Equal("FisStopTaskImprovedTaskDef:3", view.TaskDefinition);
        Assert.Equal(0, view.ExitCode);
        Assert.Equal(T0.AddSeconds(30), view.StateTimes["RUNNING"]);
        Assert.Equal(T0.AddSeconds(90), view.StateTimes["STOPPED"]);
        Assert.Equal("UserInitiated", view.StopCode);
    }

    [Fact]
    public void An_experiment_keeps_its_action_states_and_targets()
    {
        var experiment = new FisExperiment
        {
            Id = "EXPabc",
            ExperimentTemplateId = "EXT1",
            State = new FisExperimentState { Status = "failed", Reason = "Target resolution failed", Error = new FisExperimentError(null, "TargetResolutionFailed", null) },
            Actions = new Dictionary<string, FisExperimentAction> { ["StopECSTask"] = new() { ActionId = "aws:ecs:stop-task", State = new FisActionState("cancelled", "Experiment failed") } },
        };

        var view = AwsViews.Experiment(experiment, AwsViews.TaskIds(["arn:aws:ecs:us-east-1:1:task/c/t1", "not-a-task"]), T0);

        Assert.Equal("failed", view.Status);
        Assert.Equal("Target resolution failed (TargetResolutionFailed)", view.Reason);
        var action = Assert.Single(view.Actions);
        Assert.Equal(("StopECSTask", "aws:ecs:stop-task", "cancelled"), (action.Name, action.ActionType, action.Status));
        Assert.Equal(["t1"], view.TargetTaskIds);
    }

    [Fact]
    public void Table_items_carry_what_the_table_keeps()
    {
        var ours = new WorkshopItem(new Dictionary<string, string> { ["batch"] = "batch-job", ["item"] = "3" },
            new Dictionary<string, string> { ["writtenBy"] = "t1", ["writtenAt"] = "2026-11-22T10:00:05.123Z", ["writes"] = "2" }, 3);
        var foreign = new WorkshopItem(new Dictionary<string, string> { ["id"] = "4" }, new Dictionary<string, string>(), 4);
        var unindexed = new WorkshopItem(new Dictionary<string, string> { ["pk"] = "x" }, new Dictionary<string, string>(), null);

        Assert.Equal(new TableItemObservation(3, "t1", T0.AddSeconds(5.123), 2), AwsViews.Item(ours));
        Assert.Equal(new TableItemObservation(4, null, null, null), AwsViews.Item(foreign));
        Assert.Null(AwsViews.Item(unindexed));
    }

    [Fact]
    public void Short_flags_map_to_settings()
    {
        var configuration = DashboardConfiguration.ForCommand(["--mode", "aws", "--region", "eu-west-1", "--cluster", "C", "--Aws:Table", "T"]);
        Assert.Equal("aws", configuration["Dashboard:Mode"]);
        Assert.Equal("eu-west-1", configuration["Aws:Region"]);
        Assert.Equal("C", configuration["Aws:Cluster"]);
        Assert.Equal("T", configuration["Aws:Table"]);
    }
}

public class TableObservationTests
{
    [Fact]
    public void New_write_times_are_new_writes_and_the_tables_count_is_kept()
    {
        var live = new LiveExperiment(3, Settings());
        live.ObserveTable([new(0, "a", T0, 1)]);
        live.ObserveTable([new(0, "a", T0, 1)]);
        Assert.Equal(1, live.Snapshot().Items[0].WriteCount);

        live.ObserveTable([new(0, "b", T0.AddSeconds(9), 2), new(1, "b", T0.AddSeconds(10), 1)]);

        var items = live.Snapshot().Items;
        Assert.Equal(2, items[0].WriteCount);
        Assert.Equal(["a", "b"], items[0].Writes.Select(w => w.TaskId));
        Assert.Equal(1, items[1].WriteCount);
        Assert.False(items[2].Present);
    }

    [Fact]
    public void A_table_without_write_times_shows_presence_once()
    {
        var live = new LiveExperiment(3, Settings());
        live.ObserveTable([new(0, null, null, null)]);
        live.ObserveTable([new(0, null, null, null)]);
        var item = live.Snapshot().Items[0];
        Assert.Equal(1, item.WriteCount);
        Assert.Equal("unknown", item.Writes.Single().TaskId);
    }

    [Fact]
    public void A_table_emptied_elsewhere_starts_a_new_trial_and_a_vanished_item_is_missing_again()
    {
        var live = new LiveExperiment(3, Settings());
        live.ObserveTable([new(0, "a", T0, 1), new(1, "a", T0.AddSeconds(1), 1)]);
        live.ObserveTable([new(0, "a", T0, 1)]);
        Assert.False(live.Snapshot().Items[1].Present);
        Assert.Equal(1, live.Snapshot().Trial);

        live.ObserveTable([]);
        Assert.Equal(2, live.Snapshot().Trial);
        Assert.All(live.Snapshot().Items, i => Assert.False(i.Present));
    }

    [Fact]
    public void Problems_and_settings_are_published_once_per_change()
    {
        var live = new LiveExperiment(3, Settings());
        var seq = live.Snapshot().Seq;
        live.ReportProblem("ECS", "throttled");
        live.ReportProblem("ECS", "throttled");
        Assert.Equal(seq + 1, live.Snapshot().Seq);
        Assert.Equal("throttled", live.Snapshot().Problems.Single().Message);
        live.ClearProblem("ECS");
        live.ClearProblem("ECS");
        Assert.Equal(seq + 2, live.Snapshot().Seq);
        live.UpdateSettings(Settings());
        Assert.Equal(seq + 2, live.Snapshot().Seq);
        live.UpdateSettings(Settings() with { Where = "AWS account 1" });
        Assert.Equal(seq + 3, live.Snapshot().Seq);
    }
}

public class AwsModeOptionsTests
{
    [Fact]
    public void Unusable_numbers_keep_their_defaults_with_a_warning_and_the_rest_binds()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aws:Region"] = "eu-west-1",
            ["Aws:Subnets:0"] = "subnet-1",
            ["Aws:FastPollSeconds"] = "2s",
            ["Aws:SlowPollSeconds"] = "0",
            ["Aws:BatchSize"] = "12",
        }).Build();

        var options = AwsModeOptions.Read(configuration);

        Assert.Equal("eu-west-1", options.Region);
        Assert.Equal(["subnet-1"], options.Subnets);
        Assert.Equal(2, options.FastPollSeconds);
        Assert.Equal(15, options.SlowPollSeconds);
        Assert.Equal(12, options.BatchSize);
        Assert.Equal(2, options.Warnings.Count);
        Assert.Contains(options.Warnings, w => w.Contains("Aws:FastPollSeconds = \"2s\""));
    }

    [Theory]
    [InlineData("FisStopTaskImprovedTaskDef", "FisStopTaskImprovedTaskDef")]
    [InlineData("FisStopTaskImprovedTaskDef:2", "FisStopTaskImprovedTaskDef")]
    [InlineData("arn:aws:ecs:us-east-1:1:task-definition/FisStopTaskImprovedTaskDef:2", "FisStopTaskImprovedTaskDef")]
    public void A_configured_task_definition_is_compared_by_family(string configured, string family)
    {
        Assert.Equal(family, WorkshopResources.FamilyName(configured));
        var task = new EcsTask { TaskArn = "arn:aws:ecs:us-east-1:1:task/c/t", TaskDefinitionArn = $"arn:aws:ecs:us-east-1:1:task-definition/{family}:2" };
        Assert.Equal(TaskKind.Improved, AwsViews.Task(task, new WorkshopResources { ImprovedFamily = configured }, "BatchJob").Kind);
    }

    [Fact]
    public void A_table_read_from_before_a_clear_is_dropped()
    {
        var live = new LiveExperiment(3, Builders.Settings());
        var trial = live.Trial;
        live.ClearItems();
        live.ObserveTable([new(0, "a", Builders.T0, 1)], trial);
        Assert.False(live.Snapshot().Items[0].Present);
        live.ObserveTable([new(0, "a", Builders.T0, 1)], live.Trial);
        Assert.True(live.Snapshot().Items[0].Present);
    }
}
