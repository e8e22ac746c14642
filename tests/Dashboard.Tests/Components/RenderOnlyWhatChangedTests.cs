using Bunit;
using ChaosDashboard.Access;
using ChaosDashboard.Components.Experiment;
using ChaosDashboard.Experiment;
using ChaosDashboard.Live;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static ChaosDashboard.Tests.Builders;

namespace ChaosDashboard.Tests.Components;

/// <summary>
/// A frame redraws only the cards whose part of the snapshot changed: the snapshot keeps an unchanged
/// part's object from one frame to the next, and each card compares what it draws from.
/// </summary>
public class RenderOnlyWhatChangedTests
{
    [Fact]
    public void A_snapshot_keeps_the_parts_that_did_not_change_and_replaces_those_that_did()
    {
        var live = new LiveExperiment(10, Settings());
        live.ObserveTask(Task("aaaaaaaa1111"));
        live.ObserveItemWrite(0, "aaaaaaaa1111", T0);
        var first = live.Snapshot();

        live.AppendLog("aaaaaaaa1111", T0, "a line");
        var second = live.Snapshot();
        Assert.NotSame(first.Logs, second.Logs);
        Assert.Same(first.Tasks, second.Tasks);
        Assert.Same(first.Items, second.Items);
        Assert.Same(first.Experiments, second.Experiments);
        Assert.Same(first.Problems, second.Problems);
        Assert.Same(first.Verdict, second.Verdict);

        live.ObserveItemWrite(1, "aaaaaaaa1111", T0.AddSeconds(1));
        var third = live.Snapshot();
        Assert.NotSame(second.Items, third.Items);
        Assert.Same(second.Logs, third.Logs);
        Assert.Same(second.Tasks, third.Tasks);
        Assert.True(third.Items[1].Present);
        Assert.False(second.Items[1].Present); // the earlier snapshot is not changed under its readers
    }

    [Fact]
    public async Task A_card_draws_again_only_when_its_part_changed()
    {
        await using var context = new ComponentTestContext();
        var live = context.Live;
        live.ObserveTask(Task("aaaaaaaa1111"));
        var card = context.Render<TaskCard>(p => p.Add(c => c.Task, live.Snapshot().Tasks.LastOrDefault()));
        Assert.Equal(1, card.RenderCount);

        live.AppendLog("aaaaaaaa1111", T0, "a line");
        card.Render(p => p.Add(c => c.Task, live.Snapshot().Tasks.LastOrDefault()));
        Assert.Equal(1, card.RenderCount);

        live.ObserveTask(Task("aaaaaaaa1111", status: "STOPPED"));
        card.Render(p => p.Add(c => c.Task, live.Snapshot().Tasks.LastOrDefault()));
        Assert.Equal(2, card.RenderCount);
        Assert.Equal("STOPPED", card.Find("[aria-label='Task status']").TextContent);
    }

    [Fact]
    public async Task The_log_console_draws_again_for_new_lines_and_for_its_own_buttons_but_not_for_other_frames()
    {
        await using var context = new ComponentTestContext();
        var live = context.Live;
        live.AppendLog("aaaaaaaa1111", T0, "line 1");
        var console = context.Render<LogConsole>(p => p.Add(c => c.Lines, live.Snapshot().Logs));
        var renders = console.RenderCount;

        live.ObserveTask(Task("aaaaaaaa1111"));
        console.Render(p => p.Add(c => c.Lines, live.Snapshot().Logs));
        Assert.Equal(renders, console.RenderCount);

        console.FindAll("button").Single(b => b.TextContent == "Pause").Click();
        Assert.Equal(renders + 1, console.RenderCount);
        Assert.Equal("false", console.Find("[role=log]").GetAttribute("data-following"));

        live.AppendLog("aaaaaaaa1111", T0, "line 2");
        console.Render(p => p.Add(c => c.Lines, live.Snapshot().Logs));
        Assert.Equal(renders + 2, console.RenderCount);
        Assert.Equal("1 new line", console.Find("[aria-label='New lines while paused']").TextContent);
    }

    [Fact]
    public async Task A_frame_with_a_new_log_line_redraws_the_log_and_no_other_card_of_the_page()
    {
        await using var context = new ComponentTestContext(services: s =>
        {
            s.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
            s.AddSingleton<ViewerAddress>();
            s.AddSingleton(sp =>
            {
                var live = sp.GetRequiredService<LiveExperiment>();
                var frames = new LiveFrames<Snapshot>(live.Snapshot, LiveServices.ExperimentFrameInterval, sp.GetRequiredService<TimeProvider>());
                live.Changed += frames.Changed;
                return frames;
            });
        });
        context.Live.ObserveTask(Task("aaaaaaaa1111"));
        context.Live.ObserveItemWrite(0, "aaaaaaaa1111", T0);
        var page = context.Render<PresenterPage>();
        var cards = new Func<int>[]
        {
            () => page.FindComponent<VerdictPanel>().RenderCount,
            () => page.FindComponent<TaskCard>().RenderCount,
            () => page.FindComponent<ExperimentCard>().RenderCount,
            () => page.FindComponent<ItemGrid>().RenderCount,
        };
        var before = cards.Select(count => count()).ToArray();
        var logRenders = page.FindComponent<LogConsole>().RenderCount;

        // The first change after a quiet spell goes out as a frame at once; the clock need not move.
        context.Live.AppendLog("aaaaaaaa1111", T0, "a new line");
        page.WaitForAssertion(() => Assert.Contains("a new line", page.Find("[role=log]").TextContent), TimeSpan.FromSeconds(30));

        Assert.Equal(logRenders + 1, page.FindComponent<LogConsole>().RenderCount);
        Assert.Equal(before, cards.Select(count => count()).ToArray());
    }
}
