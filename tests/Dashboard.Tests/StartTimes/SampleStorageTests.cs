using ChaosDashboard.StartTimeAnalysis.Storage;
using ChaosDashboard.StartTimes;
using static ChaosDashboard.Tests.StartTimes.StartTimeTestData;

namespace ChaosDashboard.Tests.StartTimes;

/// <summary>Both kinds of storage tell added, updated and unchanged tasks apart by the same merge rule.</summary>
public class SampleStorageTests
{
    public static TheoryData<string> Kinds => ["sqlite", "memory"];

    static async Task<(IStartTimeSamples Samples, TempFolder Folder)> Open(string kind)
    {
        var folder = new TempFolder();
        if (kind == "memory") return (new InMemoryStartTimeSamples(), folder);
        var (samples, warning) = await StartTimeStoreOpener.OpenAsync(folder.File("st.db"), default);
        Assert.Null(warning);
        return (samples, folder);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task A_task_seen_again_is_updated_only_when_it_changed_and_never_rolled_back(string kind)
    {
        var (samples, folder) = await Open(kind);
        using var _ = folder;
        await using var __ = samples;
        var pending = Sample("a", "alpha:1", "10:00:00", "10:00:05", null, null, status: "PENDING", version: 2);
        var running = Sample("a", "alpha:1", "10:00:00", "10:00:05", "10:00:06", "10:00:06.500", version: 3);

        Assert.Equal(SaveResult.Added, Assert.Single(await samples.SaveAsync([pending], default)).Result);
        Assert.Equal(SaveResult.Unchanged, Assert.Single(await samples.SaveAsync([pending], default)).Result);
        var updated = Assert.Single(await samples.SaveAsync([running], default));
        Assert.Equal(SaveResult.Updated, updated.Result);
        Assert.Equal("RUNNING", updated.Task.LastStatus);
        // The PENDING event delivered late: a lower version changes nothing.
        var late = Assert.Single(await samples.SaveAsync([pending], default));
        Assert.Equal(SaveResult.Unchanged, late.Result);
        Assert.Equal(At("10:00:06.500"), late.Task.StartedAt);
        Assert.Equal(1, await samples.CountAsync(default));
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task An_import_in_steps_counts_each_task_once_as_what_the_whole_import_did_to_it(string kind)
    {
        var (samples, folder) = await Open(kind);
        using var _ = folder;
        await using var __ = samples;
        await samples.SaveAsync([
            Sample("kept", "alpha:1", "10:00:00", "10:00:05", "10:00:06", "10:00:07", version: 3),
            Sample("grown", "alpha:1", "10:00:00", null, null, null, status: "PENDING", version: 1),
        ], default);

        // Tasks whose events fall in two steps (windows), new ones and ones stored before the import.
        var outcome = await samples.ImportAsync(async save =>
        {
            await save([
                Sample("new", "alpha:1", "10:01:00", null, null, null, status: "PENDING", version: 1),
                Sample("kept", "alpha:1", "10:00:00", "10:00:05", "10:00:06", "10:00:07", version: 3),
                Sample("grown", "alpha:1", "10:00:00", null, null, null, status: "PENDING", version: 1),
            ]);
            await save([
                Sample("new", "alpha:1", "10:01:00", "10:01:05", "10:01:06", "10:01:07", version: 3),
                Sample("grown", "alpha:1", "10:00:00", "10:00:05", "10:00:06", "10:00:07", version: 3),
                Sample("kept", "alpha:1", "10:00:00", "10:00:05", "10:00:06", "10:00:07", version: 3),
                Sample("other", "alpha:1", "10:02:00", null, null, null, status: "PENDING", version: 1),
            ]);
        }, keepChanged: 10, default);

        Assert.Equal((2, 1, 1, 3), (outcome.Added, outcome.Updated, outcome.Unchanged, outcome.ChangedCount));
        Assert.Equal(["new", "grown", "other"], outcome.Changed.Select(t => t.TaskId));
        var stored = await samples.QueryAsync(StartTimeQuery.All, default);
        Assert.Equal(4, stored.Count);
        Assert.Equal(At("10:01:07"), stored.Single(t => t.TaskId == "new").StartedAt);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Several_observations_of_one_task_in_a_batch_are_one_row(string kind)
    {
        var (samples, folder) = await Open(kind);
        using var _ = folder;
        await using var __ = samples;
        var saved = await samples.SaveAsync([
            Sample("a", "alpha:1", "10:00:00", null, null, null, status: "PROVISIONING", version: 1),
            Sample("b", "beta:2", "10:01:00", "10:01:02", "10:01:03", "10:01:04"),
            Sample("a", "alpha:1", "10:00:00", "10:00:05", "10:00:06", "10:00:06.500", version: 3),
        ], default);

        Assert.Equal(["a", "b"], saved.Select(s => s.Task.TaskId));
        Assert.All(saved, s => Assert.Equal(SaveResult.Added, s.Result));
        Assert.Equal(At("10:00:06.500"), saved[0].Task.StartedAt);
        var stored = await samples.QueryAsync(StartTimeQuery.All, default);
        Assert.Equal(["a", "b"], stored.Select(t => t.TaskId));
    }

    [Fact]
    public async Task Memory_keeps_at_most_its_capacity_dropping_the_first_stored()
    {
        await using var samples = new InMemoryStartTimeSamples(capacity: 2);
        foreach (var id in new[] { "a", "b", "c" })
            await samples.SaveAsync([Sample(id, "alpha:1", "10:00:00", null, null, "10:00:10")], default);

        Assert.Equal(2, await samples.CountAsync(default));
        Assert.Equal(["b", "c"], (await samples.QueryAsync(StartTimeQuery.All, default)).Select(t => t.TaskId));
    }
}
