using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimeAnalysis.Tests;

public class EcsArnsTests
{
    [Theory]
    [InlineData("arn:aws:ecs:us-east-1:111122223333:task/chaos/0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef", "chaos")]
    [InlineData("arn:aws:ecs:us-east-1:111122223333:task/0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef", null)]
    public void Task_id_and_cluster_come_from_long_and_short_arns(string arn, string id, string? cluster)
    {
        Assert.Equal(id, EcsArns.TaskId(arn));
        Assert.Equal(cluster, EcsArns.ClusterNameFromTaskArn(arn));
    }

    [Fact]
    public void The_cluster_arn_is_preferred_over_the_task_arn()
    {
        var shortArnTask = new TaskStartSample
        {
            TaskArn = "arn:aws:ecs:us-east-1:111122223333:task/abc",
            ClusterArn = "arn:aws:ecs:us-east-1:111122223333:cluster/chaos",
        };

        Assert.Equal("chaos", EcsArns.ClusterNameOf(shortArnTask));
        Assert.Null(EcsArns.ClusterNameOf(shortArnTask with { ClusterArn = null }));
    }

    [Theory]
    [InlineData("arn:aws:ecs:us-east-1:111122223333:task-definition/socidemo-app:3", null, "socidemo-app", 3)]
    [InlineData("arn:aws:ecs:us-east-1:111122223333:task-definition/socidemo-app-noindex:12", null, "socidemo-app-noindex", 12)]
    [InlineData("arn:aws:ecs:us-east-1:111122223333:task-definition/legacy-batch", null, "legacy-batch", null)]
    [InlineData("socidemo-app:7", null, "socidemo-app", 7)]
    [InlineData(null, "family:from-group", "from-group", null)]
    [InlineData(null, "service:web", TaskDefinitionName.UnknownFamily, null)]
    [InlineData(null, null, TaskDefinitionName.UnknownFamily, null)]
    public void Family_and_revision_are_read_and_a_missing_revision_stays_unknown(
        string? taskDefinitionArn, string? group, string family, int? revision)
    {
        TaskDefinitionName name = TaskDefinitionName.From(taskDefinitionArn, group);

        Assert.Equal(family, name.Family);
        Assert.Equal(revision, name.Revision);
    }

    [Fact]
    public void An_unknown_revision_is_written_as_unknown_not_zero()
    {
        Assert.Equal("legacy-batch:unknown", new TaskDefinitionName("legacy-batch", null).ToString());
        Assert.Equal("socidemo-app:3", new TaskDefinitionName("socidemo-app", 3).ToString());
    }
}
