using ChaosDashboard.Batch;
using ChaosDashboard.Worker.Tests.Infrastructure;

namespace ChaosDashboard.Worker.Tests.CrashTrials;

public enum StopSignal { Sigkill, Sigterm }

/// <summary>
/// One batch in checkpoint mode, interrupted at random instants and restarted until it is done.
/// After every run it checks what the table and the log say against what the table held when the
/// run started.
/// </summary>
public sealed class CheckpointTrial(DynaliteServer dynamo, string table, string batchId, Random random, StopSignal signal)
{
    const int MaxRuns = 30;

    /// <summary>How many runs were interrupted before their end, and how many of those after writing something.</summary>
    public sealed record Outcome(int Interrupted, int InterruptedMidBatch);

    public async Task<Outcome> RunAsync()
    {
        var batchSize = random.Next(3, 8);
        var interruptionsWanted = random.Next(1, 4);
        int interrupted = 0, interruptedMidBatch = 0;
        for (var run = 1; ; run++)
        {
            if (run > MaxRuns) throw new InvalidOperationException($"{batchId}: not done after {MaxRuns} runs.");
            var before = await dynamo.ReadBatchAsync(table, batchId);
            var taskId = $"{batchId}-run{run}";
            using var worker = WorkerProcess.Start(dynamo.Endpoint, RunSettings.For(table, "checkpoint", batchSize, batchId, taskId));

            var signalled = false;
            if (interrupted < interruptionsWanted && await worker.WaitForLineAsync(line => line == "Starting batch job"))
            {
                // Anywhere from the checkpoint query to past the last item that is still missing.
                var window = (batchSize - before.Count + 1) * RunSettings.IntervalSeconds;
                await Task.Delay(TimeSpan.FromSeconds(random.NextDouble() * window));
                signalled = signal == StopSignal.Sigkill ? worker.Kill() : worker.Terminate();
            }
            var exitCode = await worker.WaitForExitAsync();
            var after = await dynamo.ReadBatchAsync(table, batchId);

            var finished = worker.Events.Any(e => e.Event == JobLogLine.Done);
            CheckRun($"{taskId} (batch of {batchSize}, {(signalled ? signal.ToString() : "no signal")}, exit code {exitCode})",
                before, after, worker, taskId, signalled, exitCode, finished);
            if (finished) break;
            interrupted++;
            if (after.Count > before.Count) interruptedMidBatch++;
        }

        var final = await dynamo.ReadBatchAsync(table, batchId);
        Expect(final.Keys.Order().SequenceEqual(Enumerable.Range(0, batchSize)),
            $"{batchId}: items {string.Join(",", final.Keys.Order())} at the end, expected 0..{batchSize - 1}");
        return new Outcome(interrupted, interruptedMidBatch);
    }

    void CheckRun(string run, IReadOnlyDictionary<int, StoredItem> before, IReadOnlyDictionary<int, StoredItem> after,
        WorkerProcess worker, string taskId, bool signalled, int exitCode, bool finished)
    {
        var why = $"\n{run}\n--- table before: {Describe(before)}\n--- table after: {Describe(after)}\n--- output:\n{worker.Transcript}";

        // What was there when the run started is never written again.
        foreach (var (index, item) in before)
            Expect(after.TryGetValue(index, out var now) && now == item, $"item {index} changed during the run{why}");
        Expect(after.Values.All(i => i.Writes == 1), $"an item was written more than once{why}");
        Expect(after.Keys.Order().SequenceEqual(Enumerable.Range(0, after.Count)), $"the items have a gap{why}");

        var added = after.Keys.Except(before.Keys).ToHashSet();
        var logged = worker.Events.Where(e => e is { Event: JobLogLine.Item, Outcome: JobLogLine.Written }).Select(e => e.Index!.Value).ToHashSet();
        Expect(added.All(i => after[i].WrittenBy == taskId), $"an added item names another writer{why}");
        Expect(worker.Events.All(e => e.Outcome != JobLogLine.Skipped), $"a single copy skipped an item{why}");
        if (worker.StdoutLines.Any(l => l.StartsWith("Continuing at", StringComparison.Ordinal)))
            Expect(worker.StdoutLines.Contains($"Continuing at {before.Count}"), $"the run did not continue after the highest item{why}");
        Expect(worker.StderrLines.Count == 0, $"the run wrote to stderr{why}");

        if (signal == StopSignal.Sigkill && signalled)
        {
            // A kill may land between a write and its log line: at most that one item is unlogged.
            // The exit code says nothing here: the kill may also land just after the last line.
            Expect(logged.IsSubsetOf(added) && added.Count - logged.Count <= (finished ? 0 : 1), $"the log and the table disagree{why}");
            return;
        }

        // No signal, or SIGTERM: the run ends cleanly and its log says exactly what it wrote.
        Expect(exitCode == ExitCodes.Success, $"exit code {exitCode}, expected 0{why}");
        Expect(logged.SetEquals(added), $"the log and the table disagree{why}");
        if (finished) return;
        Expect(signalled, $"the run neither finished nor was signalled{why}");
        Expect(worker.StdoutLines.Contains("Received SIGTERM: finishing the write in flight, then stopping"), $"no SIGTERM line{why}");
        var stop = worker.Events.SingleOrDefault(e => e.Event == JobLogLine.Stop);
        Expect(stop?.Index == after.Count, $"the stop line does not name the first missing item {after.Count}{why}");
    }

    static string Describe(IReadOnlyDictionary<int, StoredItem> items) =>
        items.Count == 0 ? "(empty)" : string.Join("; ", items.Values.OrderBy(i => i.Index).Select(i => $"{i.Index}: {i.Writes}x by {i.WrittenBy}"));

    static void Expect(bool condition, string failure)
    {
        if (!condition) throw new TrialFailedException(failure);
    }
}

public sealed class TrialFailedException(string message) : Exception(message);
