using System.Text;
using ChaosDashboard.StartTimeAnalysis.Analysis;
using ChaosDashboard.StartTimeAnalysis.Events;
using ChaosDashboard.StartTimeAnalysis.Sandbox;

namespace ChaosDashboard.StartTimeAnalysis.Tests;

public class SandboxStartTimesTests
{
    private static readonly DateTimeOffset Start = Fixtures.Utc("2025-01-01T00:00:00Z");

    [Fact]
    public void The_same_seed_gives_the_same_tasks()
    {
        Assert.Equal(SandboxStartTimes.Generate(Start, 20, seed: 5).Select(TaskStartRow.From), SandboxStartTimes.Generate(Start, 20, seed: 5).Select(TaskStartRow.From));
        Assert.NotEqual(SandboxStartTimes.Generate(Start, 20, seed: 5).Select(t => t.TaskArn), SandboxStartTimes.Generate(Start, 20, seed: 6).Select(t => t.TaskArn));
    }

    [Fact]
    public void Phases_stay_in_their_documented_ranges_and_the_soci_family_pulls_faster()
    {
        IReadOnlyList<TaskStartSample> tasks = SandboxStartTimes.Generate(Start, tasksPerFamily: 200, seed: 3);
        List<TaskStartRow> rows = tasks.Select(TaskStartRow.From).ToList();

        Assert.Equal(400, rows.Count);
        Assert.Equal(400, tasks.Select(t => t.TaskArn).Distinct().Count());
        foreach (TaskStartRow row in rows.Where(r => r.Started))
        {
            bool indexed = row.Family == SandboxStartTimes.IndexedFamily;
            Assert.InRange(row.Provisioning!.Value.TotalSeconds, 5, 15);
            Assert.InRange(row.ImagePull!.Value.TotalSeconds, indexed ? 0.5 : 3, indexed ? 1.5 : 6);
            Assert.InRange(row.ContainerStart!.Value.TotalSeconds, 0.3, 1);
        }

        Assert.Contains(rows, r => !r.Started);
        Assert.True(rows.Count(r => !r.Started) < 40);
        Assert.Equal(200, rows.Count(r => r.Family == SandboxStartTimes.IndexedFamily && r.Revision == SandboxStartTimes.IndexedRevision));
        Assert.Equal(200, rows.Count(r => r.Family == SandboxStartTimes.NotIndexedFamily && r.Revision == SandboxStartTimes.NotIndexedRevision));
    }

    [Fact]
    public void Events_written_for_a_task_read_back_to_the_same_task()
    {
        var parser = new TaskStateChangeParser();
        var merger = new TaskStartMerger();
        TaskStartSample task = SandboxStartTimes.Generate(Start, 1, seed: 9)[0];

        foreach (TaskStartSample state in TaskStateChangeEventWriter.Lifecycle(task))
        {
            var buffer = new MemoryStream();
            TaskStateChangeEventWriter.Write(buffer, state, Guid.Empty);
            Assert.Equal(ParseOutcome.TaskStateChange, parser.Parse(buffer.ToArray(), out TaskStartSample? parsed, out string? error));
            Assert.Null(error);
            merger.Add(parsed!);
        }

        TaskStartSample readBack = Assert.Single(merger.Tasks);
        // Records compare lists by reference: compare the containers by value, the rest as a record.
        Assert.Equal(task.Containers, readBack.Containers);
        Assert.Equal(task, readBack with { Containers = task.Containers });
    }

    [Theory]
    [InlineData("2023-03-03T11:24:17.190Z", "2023-03-03T11:24:17.19Z")]
    [InlineData("2023-03-03T11:24:13.877Z", "2023-03-03T11:24:13.877Z")]
    [InlineData("2023-03-03T11:24:44.000Z", "2023-03-03T11:24:44Z")]
    [InlineData("2023-03-03T11:24:40.500Z", "2023-03-03T11:24:40.5Z")]
    public void Event_timestamps_drop_trailing_zeros_as_ecs_does(string instant, string written)
    {
        Assert.Equal(written, TaskStateChangeEventWriter.FormatTimestamp(Fixtures.Utc(instant)));
        Assert.True(EcsTimestamp.TryParseIso8601(Encoding.ASCII.GetBytes(written), out DateTimeOffset back));
        Assert.Equal(Fixtures.Utc(instant), back);
    }
}
