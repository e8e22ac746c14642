using ChaosDashboard.Worker.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ChaosDashboard.Worker.Tests.CrashTrials;

/// <summary>
/// Checkpoint mode survives being killed at any instant: every item ends up written exactly once and
/// nothing a run found in the table is written again. Each signal has its own class (and server) so
/// the two sets of trials run side by side.
/// </summary>
public abstract class CheckpointCrashTests(DynaliteServer dynamo, ITestOutputHelper output, StopSignal signal)
{
    /// <summary>Interrupted runs per signal; trials go on until there are this many.</summary>
    const int InterruptionsWanted = 30;

    /// <summary>Of those, runs interrupted after writing some items: a kill before the first write proves little.</summary>
    const int MidBatchInterruptionsWanted = 10;

    const int MaxTrials = 80;

    protected async Task RunTrialsAsync() => await TrialSeed.RunAsync(output, async random =>
    {
        var table = await dynamo.CreateWorkerTableAsync($"crash-{signal}".ToLowerInvariant());
        int interrupted = 0, interruptedMidBatch = 0, trials = 0;
        while (interrupted < InterruptionsWanted || interruptedMidBatch < MidBatchInterruptionsWanted)
        {
            if (++trials > MaxTrials)
                throw new TrialFailedException(
                    $"{MaxTrials} trials interrupted only {interrupted} runs, {interruptedMidBatch} of them mid-batch: the signals land outside the runs");
            var outcome = await new CheckpointTrial(dynamo, table, $"trial-{trials}", random, signal).RunAsync();
            interrupted += outcome.Interrupted;
            interruptedMidBatch += outcome.InterruptedMidBatch;
        }
        output.WriteLine($"{trials} trials, {interrupted} interrupted runs, {interruptedMidBatch} of them mid-batch");
    });
}

public sealed class CheckpointSigkillTests(DynaliteServer dynamo, ITestOutputHelper output)
    : CheckpointCrashTests(dynamo, output, StopSignal.Sigkill), IClassFixture<DynaliteServer>
{
    [Fact]
    public Task Killed_at_random_instants_and_restarted_every_item_is_written_exactly_once() => RunTrialsAsync();
}

public sealed class CheckpointSigtermTests(DynaliteServer dynamo, ITestOutputHelper output)
    : CheckpointCrashTests(dynamo, output, StopSignal.Sigterm), IClassFixture<DynaliteServer>
{
    [Fact]
    public Task Stopped_at_random_instants_it_exits_0_says_where_it_was_and_writes_every_item_exactly_once() => RunTrialsAsync();
}
