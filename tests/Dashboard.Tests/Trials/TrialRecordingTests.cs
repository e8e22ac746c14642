using System.Text;
using ChaosDashboard.Experiment;
using ChaosDashboard.Trials;
using Microsoft.Extensions.Logging.Abstractions;
using static ChaosDashboard.Tests.Builders;

namespace ChaosDashboard.Tests.Trials;

/// <summary>The recorder, the store and the file, on a real SQLite file, fed by the real live model.</summary>
public sealed class TrialRecordingTests : IDisposable
{
    readonly string _path = Path.Combine(Path.GetTempPath(), $"trials-test-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
    }

    static TrialOptions Options(int keep = 200, int maxLog = 5000) => new() { KeepTrials = keep, MaxLogLinesPerTrial = maxLog };

    TrialRecorder Recorder(LiveExperiment live, TrialStore store, TrialOptions? options = null) =>
        new(live, store, options ?? Options(), TimeProvider.System, NullLogger<TrialRecorder>.Instance);

    /// <summary>A baseline trial: interrupted after two items, then a second run writes all ten.</summary>
    static void BaselineTrial(LiveExperiment live, string first = "a", string second = "b", double at = 0)
    {
        live.ObserveTask(Task(first, createdSeconds: at));
        live.AppendLog(first, T0, "Starting batch job");
        live.ObserveItemWrite(0, first, T0.AddSeconds(at + 1));
        live.ObserveItemWrite(1, first, T0.AddSeconds(at + 2));
        live.ObserveTask(Interrupted(first, at, at + 3));
        live.ObserveTask(Task(second, createdSeconds: at + 5));
        for (var i = 0; i < 10; i++) live.ObserveItemWrite(i, second, T0.AddSeconds(at + 6 + i));
        live.ObserveTask(Finished(second, at + 5, at + 20));
    }

    [Fact]
    public async Task Each_clearing_of_the_table_ends_a_trial_and_its_changes_rebuild_what_the_page_showed()
    {
        var live = new LiveExperiment(10, Settings());
        var store = TrialStore.Open(_path);
        var recorder = Recorder(live, store, Options(maxLog: 3));
        await recorder.StartAsync(CancellationToken.None);

        BaselineTrial(live);
        for (var i = 0; i < 10; i++) live.AppendLog("b", T0, $"line {i}");
        var atClearing = live.Snapshot();
        live.ClearItems();
        // A cleared table alone starts no trial; the next run does.
        live.ObserveTask(Task("c", TaskKind.Improved, createdSeconds: 100));
        await recorder.StopAsync(CancellationToken.None);

        var trials = store.List();
        Assert.Equal([2L, 1L], trials.Select(t => t.Id));
        var first = trials[1];
        Assert.Equal(TrialRecorder.ClearedReason, first.EndReason);
        Assert.Equal(VerdictStatus.Refuted, first.Verdict);
        Assert.Equal([0, 1], first.ItemsWrittenAgain);
        Assert.Equal("baseline", first.Kind);
        Assert.Equal(3, first.LogLines);
        Assert.Equal(12, first.ItemWrites);
        Assert.Equal("improved", trials[0].Kind);
        Assert.Null(trials[0].EndedAt);

        var replay = new TrialReplay(first, store.Changes(first.Id));
        var end = replay.Seek(replay.Length);
        Assert.Equal(Json(atClearing.Items), Json(end.Items));
        Assert.Equal(Json(atClearing.Verdict), Json(end.Verdict));
        Assert.Equal(Json(atClearing.Tasks), Json(end.Tasks));
        // The log is bounded per trial: the first three lines were kept.
        Assert.Equal(["Starting batch job", "line 0", "line 1"], end.Logs.Select(l => l.Text));
        Assert.True(replay.ChangeCount > 20);
    }

    [Fact]
    public async Task A_trial_left_open_by_a_stopped_dashboard_is_kept_and_marked_ended_at_the_next_start()
    {
        var live = new LiveExperiment(10, Settings());
        var recorder = Recorder(live, TrialStore.Open(_path));
        await recorder.StartAsync(CancellationToken.None);
        live.ObserveTask(Task("a"));
        live.ObserveItemWrite(0, "a", T0.AddSeconds(1));
        await recorder.StopAsync(CancellationToken.None);

        // A new process on the same file.
        var store = TrialStore.Open(_path);
        var again = Recorder(new LiveExperiment(10, Settings()), store);
        await again.StartAsync(CancellationToken.None);
        await again.StopAsync(CancellationToken.None);

        var trial = Assert.Single(store.List());
        Assert.Equal(TrialRecorder.RestartReason, trial.EndReason);
        Assert.Equal(trial.LastChangeAt, trial.EndedAt);
        Assert.Equal(1, trial.ItemWrites);
        Assert.Contains(store.Changes(trial.Id), c => c.Type == "item");
    }

    [Fact]
    public async Task The_oldest_trials_are_pruned_never_the_one_being_recorded()
    {
        var live = new LiveExperiment(10, Settings());
        var store = TrialStore.Open(_path);
        var recorder = Recorder(live, store, Options(keep: 2));
        await recorder.StartAsync(CancellationToken.None);
        for (var i = 0; i < 4; i++)
        {
            live.ObserveTask(Task($"t{i}", createdSeconds: i * 100));
            live.ClearItems();
        }
        live.ObserveTask(Task("last", createdSeconds: 1000));
        await recorder.StopAsync(CancellationToken.None);

        Assert.Equal([5L, 4L], store.List().Select(t => t.Id));
        Assert.Empty(store.Changes(1));
        Assert.Equal(1, store.Prune(1, except: 5));
        Assert.Equal([5L], store.List().Select(t => t.Id));
        Assert.Equal(0, store.Prune(0, except: 5));
    }

    [Fact]
    public async Task An_exported_trial_reads_back_equal_and_a_damaged_one_is_refused_with_its_line()
    {
        var live = new LiveExperiment(10, Settings());
        var store = TrialStore.Open(_path);
        var recorder = Recorder(live, store);
        await recorder.StartAsync(CancellationToken.None);
        BaselineTrial(live);
        await recorder.StopAsync(CancellationToken.None);
        var summary = Assert.Single(store.List());
        var changes = store.Changes(summary.Id);

        var file = await Export(summary, changes);
        var (read, readChanges) = await TrialFile.ReadAsync(Stream(file), CancellationToken.None);
        Assert.Equal(changes, readChanges);
        Assert.True(read.Imported);
        Assert.Equal(summary.ItemsWrittenAgain, read.ItemsWrittenAgain);
        Assert.Equal(summary.Verdict, read.Verdict);

        var id = store.Import(read, readChanges);
        Assert.Equal(changes, store.Changes(id));
        Assert.Equal(file.Split('\n').Skip(1), (await Export(store.Find(id)!, store.Changes(id))).Split('\n').Skip(1));

        var lines = file.TrimEnd('\n').Split('\n');
        await Refused(string.Join('\n', lines.Take(4)) + "\n" + lines[4][..20], 5, "not valid JSON");
        await Refused(string.Join('\n', lines.Take(4)), 4, "it was cut short");
        await Refused("{\"format\":\"something-else\"}\n" + string.Join('\n', lines.Skip(1)), 1, "not a Chaos Dashboard trial file");
        await Refused(lines[0].Replace("\"version\":1", "\"version\":2") + "\n" + string.Join('\n', lines.Skip(1)), 1, "format version 2");
        await Refused(string.Join('\n', lines.Take(3)) + "\n" + lines[3].Replace("\"type\":\"", "\"type\":\"x") + "\n" + string.Join('\n', lines.Skip(4)), 4, "not a kind of change");
        var task = Array.FindIndex(lines, l => l.Contains("\"type\":\"task\""));
        await Refused(string.Join('\n', lines.Take(task)) + "\n" + lines[task].Replace("\"lastStatus\":\"", "\"lastStatus\":5,\"x\":\"") + "\n" + string.Join('\n', lines.Skip(task + 1)), task + 1, "the task change is not valid: its lastStatus cannot be read");
        var damagedTime = await Assert.ThrowsAsync<TrialFileException>(() => TrialFile.ReadAsync(Stream(string.Join('\n', lines.Take(task)) + "\n"
            + System.Text.RegularExpressions.Regex.Replace(lines[task], "\"createdAt\":\"[^\"]*\"", "\"createdAt\":\"yesterday\"") + "\n" + string.Join('\n', lines.Skip(task + 1))), CancellationToken.None));
        Assert.Contains("its createdAt cannot be read", damagedTime.Message);
        Assert.DoesNotContain("System.", damagedTime.Message);
        await Refused(lines[0] + "\n" + string.Join('\n', lines.Skip(2)), 2, "must be the snapshot");
        await Refused("\u0001\u0002binary", 1, "not a Chaos Dashboard trial file");
        await Refused("", 0, "The file is empty");
        Assert.Equal(2, store.List().Count);
    }

    static async Task Refused(string file, int line, string message)
    {
        var error = await Assert.ThrowsAsync<TrialFileException>(() => TrialFile.ReadAsync(Stream(file), CancellationToken.None));
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message);
        if (line > 0) Assert.StartsWith($"Line {line}: ", error.Message);
    }

    static async Task<string> Export(TrialSummary summary, IReadOnlyList<TrialChange> changes)
    {
        using var output = new MemoryStream();
        await TrialFile.WriteAsync(output, summary, changes, CancellationToken.None);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));

    static string Json<T>(T value) => Live.LiveJson.Serialize(value);
}
