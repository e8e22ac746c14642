using System.Text.Json;
using ChaosDashboard.StartTimeAnalysis.Events;
using ChaosDashboard.StartTimeAnalysis.Storage;
using Microsoft.Data.Sqlite;

namespace ChaosDashboard.StartTimeAnalysis.Tests;

/// <summary>
/// The store writes a new task by binding its values straight from the sample: every column must hold what the
/// row object and <c>JsonSerializer</c> made of it before, for ARNs of every form and containers of any text.
/// </summary>
public sealed class StoredRowsTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"start-times-{Guid.NewGuid():N}", "samples.db");
    private static readonly DateTimeOffset T0 = Fixtures.Utc("2023-03-03T11:00:00Z");

    public static TheoryData<string> ContainerTexts() =>
    [
        "repo/app:latest",
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/socidemo@sha256:5e1f",
        "name with spaces",
        "a+b",
        "<script>&'\"\\",
        "café ☕ 🚀",
        "tab\there",
        "",
    ];

    [Theory]
    [MemberData(nameof(ContainerTexts))]
    public void Containers_are_written_as_the_serializer_writes_them_or_left_to_it(string text)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var writer = new ContainersJsonWriter();
        IReadOnlyList<ContainerImage>[] lists =
        [
            [],
            [new ContainerImage(text, null, null)],
            [new ContainerImage("app", text, "sha256:1"), new ContainerImage(null, "sidecar", text)],
        ];
        foreach (IReadOnlyList<ContainerImage> containers in lists)
        {
            string expected = JsonSerializer.Serialize(containers, options);
            bool written = writer.TryWrite(containers, out ReadOnlySpan<byte> json);
            Assert.Equal(containers.Count == 0 || !expected.Contains('\\', StringComparison.Ordinal), written);
            if (written)
            {
                Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(json));
            }
            else
            {
                // Only text the serializer escapes is left to it.
                Assert.Contains("\\", expected, StringComparison.Ordinal);
            }
        }

        Assert.False(writer.TryWrite([null!], out _));
    }

    public static TheoryData<string, string?, string?, string?> Arns() => new()
    {
        { "arn:aws:ecs:us-east-1:111122223333:task/chaos/0123456789abcdef0123456789abcdef", Fixtures.ChaosCluster, "arn:aws:ecs:us-east-1:111122223333:task-definition/socidemo-app:3", "family:socidemo-app" },
        { "arn:aws:ecs:us-east-1:111122223333:task/chaos/t2", null, "arn:aws:ecs:us-east-1:111122223333:task-definition/socidemo-app", null },
        { "arn:aws:ecs:us-east-1:111122223333:task/0123456789abcdef", null, null, "family:from-group" },
        { "arn:aws:ecs:us-east-1:111122223333:task/0123456789abcdef", "other-cluster", "socidemo-app:12", null },
        { "plain-id", "", "arn:aws:ecs:us-east-1:111122223333:task-definition/x:notanumber", "service:web" },
        { "arn:aws:ecs:us-east-1:111122223333:task/chaos/é-ü", "arn:aws:ecs:us-east-1:111122223333:cluster/chaos", ":7", "family:" },
    };

    [Theory]
    [MemberData(nameof(Arns))]
    public async Task Every_column_of_a_new_task_holds_what_the_row_object_held(string taskArn, string? clusterArn, string? definitionArn, string? group)
    {
        var sample = new TaskStartSample
        {
            TaskArn = taskArn,
            ClusterArn = clusterArn,
            TaskDefinitionArn = definitionArn,
            Group = group,
            LastStatus = "STOPPED",
            DesiredStatus = "STOPPED",
            LaunchType = "FARGATE",
            Version = 5,
            CreatedAt = T0,
            PullStartedAt = T0.AddSeconds(7.001),
            PullStoppedAt = null,
            StartedAt = T0.AddSeconds(-3),
            StoppingAt = T0.AddDays(2),
            StoppedAt = Fixtures.Utc("9999-12-31T23:59:59.999Z"),
            StopCode = "TaskFailedToStart",
            StoppedReason = "CannotPullContainerError: <\"quoted\"> é",
            Containers = [new ContainerImage("app", "repo/app+1", null), new ContainerImage("side", "repo/side", "sha256:ab")],
        };

        await using (SqliteStartTimeStore store = await SqliteStartTimeStore.OpenAsync(_path))
        {
            await store.SaveAsync(sample);
        }

        TaskDefinitionName definition = sample.TaskDefinition;
        object?[] expected =
        [
            taskArn, EcsArns.TaskId(taskArn), clusterArn, EcsArns.ClusterNameOf(sample), definitionArn, definition.Family,
            definition.Revision is int revision ? (long)revision : null, group, "STOPPED", "STOPPED", "FARGATE", 5L,
            T0.ToUnixTimeMilliseconds(), T0.AddSeconds(7.001).ToUnixTimeMilliseconds(), null, T0.AddSeconds(-3).ToUnixTimeMilliseconds(),
            T0.AddDays(2).ToUnixTimeMilliseconds(), sample.StoppedAt!.Value.ToUnixTimeMilliseconds(), "TaskFailedToStart", sample.StoppedReason,
            JsonSerializer.Serialize(sample.Containers, new JsonSerializerOptions(JsonSerializerDefaults.Web)),
        ];
        Assert.Equal(expected, await ReadRowAsync());
    }

    [Fact]
    public async Task A_write_in_steps_says_which_tasks_an_earlier_step_added_and_which_were_stored_before()
    {
        await using SqliteStartTimeStore store = await SqliteStartTimeStore.OpenAsync(_path);
        await store.SaveAsync(Sample("old", 1));
        var seen = new List<(string Task, bool Before, bool AddedEarlier, long? Version)>();
        TaskSaved record = (before, after, addedEarlier) => seen.Add((EcsArns.TaskId(after.TaskArn), before is not null, addedEarlier, after.Version));

        await using (SqliteStartTimeStore.StartTimeWrite write = await store.BeginWriteAsync())
        {
            await write.SaveAsync([Sample("new", 1), Sample("old", 2)], record, CancellationToken.None);
            await write.SaveAsync([Sample("new", 2), Sample("old", 3), Sample("new", 1)], record, CancellationToken.None);
            await write.CommitAsync(CancellationToken.None);
        }

        Assert.Equal(
            [("new", false, false, 1L), ("old", true, false, 2L), ("new", true, true, 2L), ("old", true, false, 3L), ("new", true, true, 2L)],
            seen.Select(s => (s.Task, s.Before, s.AddedEarlier, s.Version)).ToList());

        // The next write sees every task as stored before it.
        seen.Clear();
        await using (SqliteStartTimeStore.StartTimeWrite write = await store.BeginWriteAsync())
        {
            await write.SaveAsync([Sample("new", 3), Sample("third", 1)], record, CancellationToken.None);
            await write.CommitAsync(CancellationToken.None);
        }

        Assert.Equal([("new", true, false, 3L), ("third", false, false, 1L)], seen.Select(s => (s.Task, s.Before, s.AddedEarlier, s.Version)).ToList());
        Assert.Equal(3, await store.CountAsync());
    }

    [Fact]
    public async Task A_write_that_is_not_committed_or_is_cancelled_leaves_nothing()
    {
        await using SqliteStartTimeStore store = await SqliteStartTimeStore.OpenAsync(_path);
        await store.SaveAsync(Sample("kept", 1));
        await using (SqliteStartTimeStore.StartTimeWrite write = await store.BeginWriteAsync())
        {
            await write.SaveAsync([Sample("dropped", 1), Sample("kept", 2)], (TaskSaved?)null, CancellationToken.None);
        }

        using var cancel = new CancellationTokenSource();
        IEnumerable<TaskStartSample> CancelledHalfway()
        {
            yield return Sample("dropped", 1);
            yield return Sample("kept", 3);
            cancel.Cancel();
            yield return Sample("late", 1);
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.SaveAsync(CancelledHalfway(), saved: null, cancel.Token));

        TaskStartSample stored = Assert.Single(await store.QueryTasksAsync(StartTimeQuery.All));
        Assert.Equal(1, stored.Version);
    }

    private static TaskStartSample Sample(string id, long version) => new()
    {
        TaskArn = $"arn:aws:ecs:us-east-1:111122223333:task/chaos/{id}",
        TaskDefinitionArn = "arn:aws:ecs:us-east-1:111122223333:task-definition/socidemo-app:3",
        Version = version,
        CreatedAt = T0,
        StartedAt = T0.AddSeconds(version),
    };

    private async Task<object?[]> ReadRowAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        await connection.OpenAsync();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            SELECT task_arn, task_id, cluster_arn, cluster_name, task_definition_arn, family, revision, task_group,
                   last_status, desired_status, launch_type, version, created_at_ms, pull_started_at_ms,
                   pull_stopped_at_ms, started_at_ms, stopping_at_ms, stopped_at_ms, stop_code, stopped_reason, containers_json
            FROM task_start_samples
            """;
        await using SqliteDataReader reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var values = new object?[reader.FieldCount];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }

        Assert.False(await reader.ReadAsync());
        return values;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Path.GetDirectoryName(_path)))
        {
            Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
        }
    }
}
