using AngleSharp.Dom;
using Bunit;
using ChaosDashboard.Access;
using ChaosDashboard.Components.Access;
using ChaosDashboard.Components.Experiment;
using ChaosDashboard.Experiment;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static ChaosDashboard.Tests.Builders;

namespace ChaosDashboard.Tests.Components;

/// <summary>What a viewer's page holds, and what its handlers do when an event reaches them anyway.</summary>
public class OperatorOnlyTests
{
    static RenderFragment Buttons => b => b.AddMarkupContent(0, "<button>Act</button>");

    [Theory]
    [InlineData(false, false, true)] // loopback only: the local user is the operator
    [InlineData(true, false, false)] // room mode, no operator cookie: a viewer
    [InlineData(true, true, true)]   // room mode, signed in with the operator link
    public async Task Only_the_operator_gets_the_actions(bool roomMode, bool signedIn, bool sees)
    {
        await using var context = new ComponentTestContext(roomMode: roomMode);
        if (signedIn) context.SignInAsOperator();
        var wrapper = context.Render<OperatorOnly>(p => p
            .Add(c => c.ChildContent, Buttons)
            .Add(c => c.ViewerContent, b => b.AddMarkupContent(0, "<p>watching</p>")));
        Assert.Equal(sees, wrapper.FindAll("button").Count == 1);
        Assert.Equal(!sees, wrapper.Markup.Contains("watching"));

        var badge = context.Render<AccessBadge>();
        Assert.Equal(roomMode ? (sees ? "Operator" : "View only") : "", badge.Markup.Contains("access-badge") ? badge.Find(".access-badge").TextContent.Trim() : "");
    }

    static IElement Button(IRenderedComponent<Controls> controls, string name) =>
        controls.FindAll("button").Single(b => b.TextContent.Trim() == name);

    static string Outcome(IRenderedComponent<Controls> controls) => controls.Find("[aria-label='Action outcome']").TextContent;

    [Fact]
    public async Task An_event_that_reaches_the_handlers_of_a_page_that_is_no_longer_the_operators_is_refused_and_recorded()
    {
        await using var context = new ComponentTestContext(roomMode: true);
        context.SignInAsOperator();
        context.Live.ObserveItemWrite(0, "t0", T0);
        var controls = context.Render<Controls>(p => p.Add(c => c.State, context.Live.Snapshot()));

        // The page was drawn with the buttons; its user is now nobody (as a forged event from a viewer's page would be).
        context.SignOut();
        foreach (var name in new[] { "Launch baseline task", "Launch improved task", "Start experiment" })
        {
            await Button(controls, name).ClickAsync(new());
            controls.WaitForAssertion(() => Assert.Equal(OperatorEndpoints.ViewerRefusal, Outcome(controls)));
            Assert.Equal("error", controls.Find("[aria-label='Action outcome']").GetAttribute("data-outcome"));
        }
        Assert.Equal(0, context.Backend.Launches);
        Assert.Empty(context.Live.Snapshot().Experiments);
        Assert.Equal(3, context.AuditLog.Entries.Count(e => e.Level == LogLevel.Warning && e.Message.Contains("viewer") && e.Message.Contains("refused, not the operator")));
    }

    [Fact]
    public async Task The_operators_clicks_act_and_are_recorded_with_their_outcome()
    {
        await using var context = new ComponentTestContext(roomMode: true);
        context.SignInAsOperator();
        var controls = context.Render<Controls>(p => p.Add(c => c.State, context.Live.Snapshot()));
        await Button(controls, "Launch baseline task").ClickAsync(new());
        controls.WaitForAssertion(() => Assert.Equal("Launched", Outcome(controls)));
        Assert.Equal(1, context.Backend.Launches);
        Assert.Contains(context.AuditLog.Entries, e => e.Message.Contains("operator launch: Done: Launched"));
    }

    [Fact]
    public async Task A_page_is_held_to_the_action_rate()
    {
        await using var context = new ComponentTestContext();
        var gate = context.Services.GetService(typeof(OperatorGate)) as OperatorGate;
        var answers = new List<ChaosDashboard.Actions.ActionAnswer>();
        for (var i = 0; i < 61; i++)
            answers.Add(await gate!.RunAsync("stop-task", () => System.Threading.Tasks.Task.FromResult(new ChaosDashboard.Actions.ActionAnswer(ChaosDashboard.Actions.ActionStatus.Done, ActionOutcome.Done("ok")))));
        Assert.All(answers.Take(60), a => Assert.Equal(ChaosDashboard.Actions.ActionStatus.Done, a.Status));
        Assert.Equal(ChaosDashboard.Hardening.RateLimits.TooManyMessage, answers[60].Outcome.Message);
    }
}

public class ImportFormAccessTests
{
    [Fact]
    public async Task An_import_that_reaches_the_form_without_the_operator_is_refused_and_recorded()
    {
        var database = Path.Combine(Path.GetTempPath(), $"chaos-dashboard-test-{Guid.NewGuid():N}.db");
        var options = new ChaosDashboard.StartTimes.StartTimeOptions { Database = database };
        await using var board = new ChaosDashboard.StartTimes.StartTimeBoard(options, false, Microsoft.Extensions.Logging.Abstractions.NullLogger<ChaosDashboard.StartTimes.StartTimeBoard>.Instance);
        await using var context = new ComponentTestContext(roomMode: true, services: s => s.AddSingleton(options).AddSingleton(board));
        context.SignInAsOperator();
        var form = context.Render<ChaosDashboard.Components.StartTimes.StartTimeImportForm>();
        form.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>()
            .UploadFiles(InputFileContent.CreateFromText("{\"detail\":{}}\n", "events.jsonl"));

        context.SignOut();
        await form.FindAll("button").Single(b => b.TextContent.Trim() == "Import").ClickAsync(new());
        form.WaitForAssertion(() => Assert.Contains(OperatorEndpoints.ViewerRefusal, form.Find("[data-outcome='error']").TextContent));
        Assert.Contains(context.AuditLog.Entries, e => e.Message.Contains("viewer import start times: refused, not the operator"));
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(database + suffix);
    }
}
