using ChaosDashboard.Actions;
using ChaosDashboard.Experiment;

namespace ChaosDashboard.Tests;

public class ActionGuardTests
{
    [Fact]
    public async Task A_retry_with_the_same_token_while_the_first_runs_gets_its_answer_and_acts_once()
    {
        var guard = new ActionGuard();
        var release = new TaskCompletionSource();
        var calls = 0;
        async Task<ActionOutcome> Launch()
        {
            Interlocked.Increment(ref calls);
            await release.Task;
            return ActionOutcome.Done("launched", "t1");
        }

        var first = guard.RunAsync("launch", "token-a", Launch);
        var retry = guard.RunAsync("launch", "token-a", Launch);
        var other = guard.RunAsync("launch", "token-b", Launch);
        Assert.Null(await other); // another click of the same kind while one runs is refused
        release.SetResult();

        Assert.Equal("t1", (await first)!.ResourceId);
        Assert.Equal("t1", (await retry)!.ResourceId);
        Assert.Equal("t1", (await guard.RunAsync("launch", "token-a", Launch))!.ResourceId);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_failed_action_is_not_remembered_so_it_can_be_tried_again()
    {
        var guard = new ActionGuard();
        var calls = 0;
        Task<ActionOutcome> Fails() { calls++; return Task.FromResult(ActionOutcome.Failed("no")); }
        await guard.RunAsync("launch", "t", Fails);
        await guard.RunAsync("launch", "t", Fails);
        Assert.Equal(2, calls);
    }
}
