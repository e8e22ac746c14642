using AngleSharp.Dom;
using Bunit;
using ChaosDashboard.Components.Experiment;
using ChaosDashboard.Experiment;
using static ChaosDashboard.Tests.Builders;

namespace ChaosDashboard.Tests.Components;

public class ControlsTests
{
    static IElement Button(IRenderedComponent<Controls> controls, string name) =>
        controls.FindAll("button").Single(b => b.TextContent.Trim() == name);

    static Snapshot State(ComponentTestContext context) => context.Live.Snapshot();

    [Fact]
    public async Task The_buttons_offer_only_what_makes_sense_now()
    {
        await using var context = new ComponentTestContext();
        var controls = context.Render<Controls>(p => p.Add(c => c.State, State(context)));
        Assert.False(Button(controls, "Launch baseline task").HasAttribute("disabled"));
        Assert.True(Button(controls, "Stop task").HasAttribute("disabled"));
        Assert.True(Button(controls, "Stop experiment").HasAttribute("disabled"));
        Assert.True(Button(controls, "Clear table…").HasAttribute("disabled")); // nothing to clear

        context.Live.ObserveTask(Task("t1"));
        controls.Render(p => p.Add(c => c.State, State(context)));
        Assert.True(Button(controls, "Launch baseline task").HasAttribute("disabled"));
        Assert.True(Button(controls, "Launch improved task").HasAttribute("disabled"));
        Assert.False(Button(controls, "Stop task").HasAttribute("disabled"));
        Assert.True(Button(controls, "Clear table…").HasAttribute("disabled")); // the task still writes
    }

    [Fact]
    public async Task Clicks_while_a_launch_is_under_way_or_before_the_page_has_seen_it_launch_nothing_more()
    {
        await using var context = new ComponentTestContext();
        var pending = new TaskCompletionSource<ActionOutcome>();
        context.Backend.NextLaunch = pending;
        var controls = context.Render<Controls>(p => p.Add(c => c.State, State(context)));

        var click = Button(controls, "Launch baseline task").ClickAsync(new());
        Assert.Equal("Launching…", controls.Find("[aria-label='Action outcome']").TextContent);
        // The button now reads "Launching…" and is disabled; a click that still reaches the handler is dropped.
        foreach (var button in controls.FindAll("button").Where(b => b.TextContent.Trim() == "Launching…"))
            await controls.InvokeAsync(() => button.Click());
        Assert.Equal(1, context.Backend.Launches);

        pending.SetResult(ActionOutcome.Done("Launched FisStopTaskStackTaskDef as task t1"));
        await click;
        controls.WaitForAssertion(() => Assert.Equal("Launched FisStopTaskStackTaskDef as task t1", controls.Find("[aria-label='Action outcome']").TextContent));
        // Until a new frame shows the task, the page has not drawn the launch: more clicks are not sent.
        await Button(controls, "Launch improved task").ClickAsync(new());
        Assert.Equal(1, context.Backend.Launches);
        Assert.Equal("ok", controls.Find("[aria-label='Action outcome']").GetAttribute("data-outcome"));

        // A new frame that changed none of the runs, experiments or items (a log line, say) is not the
        // launch drawn: clicks are still dropped.
        context.Live.AppendLog("t0", T0, "a line of another task");
        controls.Render(p => p.Add(c => c.State, State(context)));
        await Button(controls, "Launch improved task").ClickAsync(new());
        Assert.Equal(1, context.Backend.Launches);

        // Another action is not part of the burst: it goes to the server, which answers for itself.
        await Button(controls, "Start experiment").ClickAsync(new());
        Assert.Equal(1, context.Backend.Experiments);

        // If the launch never shows (it failed to start, say), the page lets clicks through after a while.
        context.Time.Advance(Controls.SettleLimit);
        await Button(controls, "Launch improved task").ClickAsync(new());
        Assert.Equal(2, context.Backend.Launches);
    }

    [Fact]
    public async Task A_frame_that_shows_the_launched_task_ends_the_wait()
    {
        await using var context = new ComponentTestContext();
        var controls = context.Render<Controls>(p => p.Add(c => c.State, State(context)));
        await Button(controls, "Launch baseline task").ClickAsync(new());
        Assert.Equal(1, context.Backend.Launches);

        // While the task runs, a click that was sent before the page disabled the button is not sent on.
        context.Live.ObserveTask(Task("t1"));
        controls.Render(p => p.Add(c => c.State, State(context)));
        await controls.InvokeAsync(() => Button(controls, "Launch improved task").Click());
        Assert.Equal(1, context.Backend.Launches);
        Assert.Equal("ok", controls.Find("[aria-label='Action outcome']").GetAttribute("data-outcome"));

        // The task ran and stopped; the frame that shows it lets the next launch through at once.
        context.Live.ObserveTask(Finished("t1", created: 0, stopped: 5));
        controls.Render(p => p.Add(c => c.State, State(context)));
        await Button(controls, "Launch improved task").ClickAsync(new());
        Assert.Equal(2, context.Backend.Launches);
    }

    [Fact]
    public async Task Clearing_the_table_asks_first_and_cancelling_clears_nothing()
    {
        await using var context = new ComponentTestContext();
        context.Live.ObserveItemWrite(0, "t1", T0);
        var state = State(context);
        // The confirmation is a MudDialog, drawn by the dialog provider as the layout has it.
        var page = context.Render(builder =>
        {
            builder.OpenComponent<MudBlazor.MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudBlazor.MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<Controls>(2);
            builder.AddAttribute(3, nameof(Controls.State), state);
            builder.CloseComponent();
        });
        IElement PageButton(string name) => page.FindAll("button").Single(b => b.TextContent.Trim() == name);

        await PageButton("Clear table…").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("Delete every item from", page.Markup));
        await PageButton("Cancel").ClickAsync(new());
        page.WaitForAssertion(() => Assert.DoesNotContain("Delete every item from", page.Markup));
        Assert.Equal(0, context.Backend.Clears);

        await PageButton("Clear table…").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("Delete every item from", page.Markup));
        await PageButton("Delete items").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("Deleted 10 items from the table", page.Find("[aria-label='Action outcome']").TextContent));
        Assert.Equal(1, context.Backend.Clears);
    }
}
