using ChaosDashboard.Batch;
using ChaosDashboard.Worker.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ChaosDashboard.Worker.Tests.CrashTrials;

/// <summary>
/// The workshop's point, shown on the real process: the baseline task, interrupted and restarted,
/// starts again at item 0 and writes again what the interrupted run had written.
/// </summary>
public sealed class BaselineReprocessingTests(DynaliteServer dynamo, ITestOutputHelper output) : IClassFixture<DynaliteServer>
{
    const int Trials = 6;
    const int BatchSize = 5;

    [Fact]
    public Task An_interrupted_baseline_run_is_processed_again_from_item_0() => TrialSeed.RunAsync(output, async random =>
    {
        var table = await dynamo.CreateWorkerTableAsync("baseline");
        for (var trial = 1; trial <= Trials; trial++)
        {
            var batchId = $"trial-{trial}";
            var signal = trial % 2 == 0 ? StopSignal.Sigterm : StopSignal.Sigkill;

            using (var first = WorkerProcess.Start(dynamo.Endpoint, RunSettings.For(table, "baseline", BatchSize, batchId, $"{batchId}-first")))
            {
                // Interrupted at a random instant after the first item, so there is something to process again.
                Assert.True(await first.WaitForLineAsync(l => l.StartsWith("Successfully PUT item 0 ", StringComparison.Ordinal)), first.Transcript);
                await Task.Delay(TimeSpan.FromSeconds(random.NextDouble() * (BatchSize - 1) * RunSettings.IntervalSeconds));
                if (signal == StopSignal.Sigkill) first.Kill(); else first.Terminate();
                await first.WaitForExitAsync();
            }
            var beforeRestart = await dynamo.ReadBatchAsync(table, batchId);

            using var second = WorkerProcess.Start(dynamo.Endpoint, RunSettings.For(table, "baseline", BatchSize, batchId, $"{batchId}-second"));
            Assert.Equal(ExitCodes.Success, await second.WaitForExitAsync());
            var after = await dynamo.ReadBatchAsync(table, batchId);

            var why = $"{batchId} ({signal}): before restart {string.Join(", ", beforeRestart.Values.Select(i => $"{i.Index}:{i.Writes}"))}\n{second.Transcript}";
            Assert.True(beforeRestart.ContainsKey(0), why);
            Assert.True(after.Keys.Order().SequenceEqual(Enumerable.Range(0, BatchSize)), why);
            // Everything the first run wrote was written again, starting from item 0.
            Assert.True(beforeRestart.Values.All(item => after[item.Index].Writes == item.Writes + 1), why);
            Assert.True(after.Values.All(item => item.WrittenBy == $"{batchId}-second"), why);
            Assert.True(after.Values.Any(item => item.Writes > 1), why);
            Assert.DoesNotContain(second.StdoutLines, l => l.StartsWith("Continuing at", StringComparison.Ordinal));
            Assert.Equal(JobLogLine.Overwritten, second.Events.First(e => e.Event == JobLogLine.Item).Outcome);
        }
    });
}
