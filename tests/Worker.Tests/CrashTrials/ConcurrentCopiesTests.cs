using ChaosDashboard.Batch;
using ChaosDashboard.Worker.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ChaosDashboard.Worker.Tests.CrashTrials;

/// <summary>
/// The workshop runs one task at a time, but a restart mechanism may start a second copy while the
/// first still runs. The conditional write keeps every item single even then.
/// </summary>
public sealed class ConcurrentCopiesTests(DynaliteServer dynamo, ITestOutputHelper output) : IClassFixture<DynaliteServer>
{
    const int BatchSize = 5;

    /// <summary>Long enough that two copies started together both read the checkpoint before either writes.</summary>
    const string IntervalSeconds = "0.2";

    /// <summary>Pairs that really raced (both started from item 0) wanted; pairs that did not are run again.</summary>
    const int RacingPairsWanted = 3;
    const int MaxPairs = 15;

    [Fact]
    public async Task Two_checkpoint_copies_started_together_write_each_item_once()
    {
        var table = await dynamo.CreateWorkerTableAsync("two-copies");
        var racingPairs = 0;
        for (var pair = 1; racingPairs < RacingPairsWanted; pair++)
        {
            Assert.True(pair <= MaxPairs, $"in {MaxPairs} pairs only {racingPairs} started together: the copies never overlapped");
            var batchId = $"pair-{pair}";
            using var first = WorkerProcess.Start(dynamo.Endpoint, Settings(table, batchId, "copy-a"));
            using var second = WorkerProcess.Start(dynamo.Endpoint, Settings(table, batchId, "copy-b"));
            var exitCodes = await Task.WhenAll(first.WaitForExitAsync(), second.WaitForExitAsync());

            var why = $"{batchId}\n--- copy-a:\n{first.Transcript}\n--- copy-b:\n{second.Transcript}";
            Assert.True(exitCodes.All(code => code == ExitCodes.Success), why);
            var items = await dynamo.ReadBatchAsync(table, batchId);
            Assert.True(items.Keys.Order().SequenceEqual(Enumerable.Range(0, BatchSize)), why);
            Assert.True(items.Values.All(item => item.Writes == 1), why);

            // Each item was written by exactly one copy, the one the table names; the other skipped it.
            foreach (var item in items.Values)
            {
                var writers = new[] { first, second }
                    .Where(copy => copy.Events.Any(e => e is { Event: JobLogLine.Item, Outcome: JobLogLine.Written } && e.Index == item.Index))
                    .Select(copy => copy.Events[0].TaskId)
                    .ToList();
                Assert.True(writers.Count == 1 && writers[0] == item.WrittenBy,
                    $"item {item.Index}: logged as written by [{string.Join(", ", writers)}], table says {item.WrittenBy}\n{why}");
            }

            var raced = first.StdoutLines.Contains("Continuing at 0") && second.StdoutLines.Contains("Continuing at 0");
            if (raced)
            {
                racingPairs++;
                Assert.True(Skips(first) + Skips(second) == BatchSize, $"copies that both started at 0 must split every item\n{why}");
            }
            output.WriteLine($"{batchId}: {(raced ? "raced" : "did not overlap")}, skipped by copy-a {Skips(first)}, by copy-b {Skips(second)}");
        }
    }

    static Dictionary<string, string?> Settings(string table, string batchId, string taskId)
    {
        var settings = RunSettings.For(table, "checkpoint", BatchSize, batchId, taskId);
        settings["INTERVAL_SECONDS"] = IntervalSeconds;
        return settings;
    }

    static int Skips(WorkerProcess copy) => copy.Events.Count(e => e.Outcome == JobLogLine.Skipped);
}
