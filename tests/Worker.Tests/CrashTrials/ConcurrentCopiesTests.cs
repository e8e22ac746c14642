using ChaosDashboard.Processing;
using ChaosDashboard.Worker.Tests.Infrastructure;

namespace ChaosDashboard.Worker.Tests.CrashTrials;

/// <summary>
/// The workshop runs one task at a time, but a restart mechanism may start a second copy while the
/// first still runs. The conditional write keeps every item single even then.
/// </summary>
public sealed class ConcurrentCopiesTests(DynaliteServer dynamo) : IClassFixture<DynaliteServer>
{
    const int Pairs = 4;
    const int BatchSize = 6;

    [Fact]
    public async Task Two_checkpoint_copies_started_together_write_each_item_once()
    {
        var table = await dynamo.CreateWorkerTableAsync("two-copies");
        for (var pair = 1; pair <= Pairs; pair++)
        {
            var batchId = $"pair-{pair}";
            using var first = WorkerProcess.Start(dynamo.Endpoint, RunSettings.For(table, "checkpoint", BatchSize, batchId, "copy-a"));
            using var second = WorkerProcess.Start(dynamo.Endpoint, RunSettings.For(table, "checkpoint", BatchSize, batchId, "copy-b"));
            var exitCodes = await Task.WhenAll(first.WaitForExitAsync(), second.WaitForExitAsync());

            var why = $"{batchId}\n--- copy-a:\n{first.Transcript}\n--- copy-b:\n{second.Transcript}";
            Assert.True(exitCodes.All(code => code == ExitCodes.Success), why);
            var items = await dynamo.ReadBatchAsync(table, batchId);
            Assert.True(items.Keys.Order().SequenceEqual(Enumerable.Range(0, BatchSize)), why);
            Assert.True(items.Values.All(item => item.Writes == 1), why);

            // Each item was written by exactly one copy, the one the table names.
            foreach (var item in items.Values)
            {
                var writers = new[] { first, second }
                    .Where(copy => copy.Events.Any(e => e is { Event: JobLogLine.Item, Outcome: JobLogLine.Written } && e.Index == item.Index))
                    .Select(copy => copy.Events[0].TaskId)
                    .ToList();
                Assert.True(writers.Count == 1 && writers[0] == item.WrittenBy, $"item {item.Index}: logged as written by [{string.Join(", ", writers)}], table says {item.WrittenBy}\n{why}");
            }
        }
    }
}
