using ChaosDashboard.StartTimeAnalysis.Sandbox;
using ChaosDashboard.StartTimeAnalysis.Storage;
using ChaosDashboard.StartTimes;
using static ChaosDashboard.Tests.StartTimes.StartTimeTestData;

namespace ChaosDashboard.Tests.StartTimes;

/// <summary>Opening the store: the sandbox's one-time seed, and a database file that cannot be used.</summary>
public class StartTimeBoardTests
{
    [Fact]
    public async Task Sandbox_seeds_an_empty_store_once_and_never_again()
    {
        using var folder = new TempFolder();
        var path = folder.File("st.db");
        await using (var first = Board(path, seedSandbox: true, seedPerFamily: 12))
        {
            var samples = await first.SamplesAsync();
            Assert.True(samples.Persistent);
            var seeded = await samples.QueryAsync(StartTimeQuery.All, default);
            Assert.Equal(24, seeded.Count);
            Assert.Equal(12, seeded.Count(t => t.TaskDefinition.Family == SandboxStartTimes.IndexedFamily));
            Assert.Equal(12, seeded.Count(t => t.TaskDefinition.Family == SandboxStartTimes.NotIndexedFamily));
        }

        // A restart with a larger seed setting: the store is not empty, so nothing is added.
        await using var second = Board(path, seedSandbox: true, seedPerFamily: 13);
        Assert.Equal(24, await (await second.SamplesAsync()).CountAsync(default));
    }

    [Fact]
    public async Task A_store_that_holds_other_tasks_is_not_seeded()
    {
        using var folder = new TempFolder();
        var path = folder.File("st.db");
        await using (var store = await SqliteStartTimeStore.OpenAsync(path))
            await store.SaveAsync(FourTasks()[0]);

        await using var board = Board(path, seedSandbox: true);
        Assert.Equal(["t1"], (await board.QueryAsync(StartTimeQuery.All, default)).Select(t => t.TaskId));
    }

    [Fact]
    public async Task Aws_mode_does_not_seed()
    {
        using var folder = new TempFolder();
        await using var board = Board(folder.File("st.db"), seedSandbox: false);
        Assert.Equal(0, await (await board.SamplesAsync()).CountAsync(default));
    }

    [Theory]
    [InlineData("below-a-file")]
    [InlineData("not-a-database")]
    public async Task An_unusable_database_file_falls_back_to_memory_with_a_note_saying_why(string how)
    {
        using var folder = new TempFolder();
        var blocker = folder.File("plain.txt");
        await File.WriteAllTextAsync(blocker, "this is not a database, and it is not a folder either\n");
        var path = how == "below-a-file" ? Path.Combine(blocker, "sub", "st.db") : blocker;

        await using var board = Board(path, seedSandbox: true, seedPerFamily: 2);
        var samples = await board.SamplesAsync();

        Assert.False(samples.Persistent);
        var note = Assert.Single(board.Notes);
        Assert.Equal(NoteLevel.Warning, note.Level);
        Assert.Contains(path, note.Message);
        Assert.Contains("kept in memory", note.Message);
        Assert.Contains("StartTimes:Database", note.Message);
        // The page still works: the sandbox seed and new tasks are kept until the dashboard stops.
        Assert.Equal(4, await samples.CountAsync(default));
        await board.SaveAsync([FourTasks()[0]], default);
        Assert.Equal(5, await samples.CountAsync(default));
    }

    [Fact]
    public async Task Saving_publishes_a_sample_delta_for_each_new_or_changed_row_only()
    {
        using var folder = new TempFolder();
        await using var board = Board(folder.File("st.db"));
        await board.SamplesAsync();
        using var stop = new CancellationTokenSource();
        var reader = board.Watch(0, stop.Token);
        Assert.True(reader.TryRead(out var snapshot));
        Assert.Equal("snapshot", snapshot.Type);

        await board.SaveAsync(FourTasks(), default);
        await board.SaveAsync(FourTasks(), default); // the same again: no news
        await board.SaveAsync([Sample("t4", "alpha:1", "10:03:00", "10:03:06", null, null, status: "STOPPED", version: 5, stopCode: "EssentialContainerExited")], default);

        var deltas = new List<Live.LiveMessage>();
        while (reader.TryRead(out var message)) deltas.Add(message);
        Assert.Equal(["t1", "t2", "t3", "t4", "t4"], deltas.Select(d => ((StartTimeRowView)d.Data).TaskId));
        Assert.All(deltas, d => Assert.Equal("sample", d.Type));
        var first = snapshot.Seq + 1;
        Assert.Equal(Enumerable.Range(0, 5).Select(i => first + i), deltas.Select(d => d.Seq));
        Assert.Equal("EssentialContainerExited", ((StartTimeRowView)deltas[^1].Data).StopCode);

        // A page that has the third delta gets exactly what it missed.
        var late = board.Watch(first + 2, stop.Token);
        var missed = new List<long>();
        while (late.TryRead(out var message)) missed.Add(message.Seq);
        Assert.Equal([first + 3, first + 4], missed);
    }
}
