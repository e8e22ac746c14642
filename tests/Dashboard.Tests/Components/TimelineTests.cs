using System.Reflection;
using Bunit;
using ChaosDashboard.Components.Experiment;
using ChaosDashboard.Components.Shared;
using ChaosDashboard.Experiment;
using Microsoft.AspNetCore.Components;
using static ChaosDashboard.Tests.Builders;

namespace ChaosDashboard.Tests.Components;

public class TimelineTests
{
    [Fact]
    public async Task Every_write_is_a_dot_in_its_tasks_colour_and_the_experiment_window_is_shaded()
    {
        await using var context = new ComponentTestContext();
        var live = context.Live;
        live.ObserveTask(Interrupted("aaaaaaaa1111", created: 0, stopped: 10));
        live.ObserveItemWrite(0, "aaaaaaaa1111", T0.AddSeconds(3));
        live.ObserveItemWrite(1, "aaaaaaaa1111", T0.AddSeconds(6));
        live.ObserveExperiment(new ExperimentView { ExperimentId = "EXP1", TemplateId = "T", Status = "completed", StartTime = T0.AddSeconds(9), EndTime = T0.AddSeconds(10) });
        live.ObserveTask(Finished("bbbbbbbb2222", created: 12, stopped: 40));
        live.ObserveItemWrite(0, "bbbbbbbb2222", T0.AddSeconds(15));

        var timeline = context.Render<Timeline>(p => p.Add(c => c.State, live.Snapshot()));
        Assert.Equal("Items written over time: 3 writes by 2 tasks, 1 experiment window", timeline.Find("svg").GetAttribute("aria-label"));
        var dots = timeline.FindAll("circle.write");
        Assert.Equal(3, dots.Count);
        Assert.Equal(2, dots.Select(d => d.GetAttribute("fill")).Distinct().Count());
        Assert.Contains("aaaaaaaa: item 1 at 10:00:06", dots.Select(d => d.TextContent));
        Assert.Single(timeline.FindAll("rect.window"));
        Assert.Contains("baseline bbbbbbbb", timeline.Markup);
    }

    [Fact]
    public async Task A_finished_trial_keeps_its_scale_while_time_passes()
    {
        await using var context = new ComponentTestContext();
        context.Live.ObserveTask(Finished("aaaaaaaa1111", created: 0, stopped: 30));
        context.Live.ObserveItemWrite(0, "aaaaaaaa1111", T0.AddSeconds(5));
        var state = context.Live.Snapshot();
        var first = context.Render<Timeline>(p => p.Add(c => c.State, state)).Find("circle.write").GetAttribute("cx");
        context.Time.Advance(TimeSpan.FromMinutes(10));
        var later = context.Render<Timeline>(p => p.Add(c => c.State, state)).Find("circle.write").GetAttribute("cx");
        Assert.Equal(first, later);
    }

    [Fact]
    public async Task Text_from_the_model_is_shown_as_text_and_never_becomes_markup()
    {
        await using var context = new ComponentTestContext();
        // A task id is whatever the cluster or a trial file says; its first 8 characters are the label.
        context.Live.ObserveTask(Finished("<b>\"</b>&1111", created: 0, stopped: 10));
        context.Live.ObserveItemWrite(0, "<b>\"</b>&1111", T0.AddSeconds(3));

        var timeline = context.Render<Timeline>(p => p.Add(c => c.State, context.Live.Snapshot()));
        Assert.Empty(timeline.FindAll("svg b"));
        Assert.Contains("<b>\"</b> baseline", timeline.FindAll("svg text").Select(t => t.TextContent));
        Assert.Equal("<b>\"</b>: item 0 at 10:00:03", timeline.Find("circle.write title").TextContent);
    }

    [Fact]
    public async Task Pages_that_show_the_same_trial_hold_one_copy_of_its_chart()
    {
        await using var context = new ComponentTestContext();
        context.Live.ObserveTask(Finished("aaaaaaaa1111", created: 0, stopped: 30));
        context.Live.ObserveItemWrite(0, "aaaaaaaa1111", T0.AddSeconds(5));

        var one = context.Render<Timeline>(p => p.Add(c => c.State, context.Live.Snapshot()));
        var other = context.Render<Timeline>(p => p.Add(c => c.State, context.Live.Snapshot()));
        Assert.Same(Chart(one), Chart(other));
    }

    [Fact]
    public async Task A_running_task_s_band_grows_with_the_clock_and_a_log_line_does_not_draw_the_chart_again()
    {
        await using var context = new ComponentTestContext();
        context.Live.ObserveTask(Task("aaaaaaaa1111", createdSeconds: 0));
        var timeline = context.Render<Timeline>(p => p.Add(c => c.State, context.Live.Snapshot()));
        var renders = timeline.RenderCount;

        context.Live.AppendLog("aaaaaaaa1111", T0, "a line");
        timeline.Render(p => p.Add(c => c.State, context.Live.Snapshot()));
        Assert.Equal(renders, timeline.RenderCount);

        var axis = timeline.FindAll("text.axis").Select(t => t.TextContent).ToList();
        context.Time.Advance(TimeSpan.FromSeconds(30));
        timeline.WaitForAssertion(() => Assert.NotEqual(axis, timeline.FindAll("text.axis").Select(t => t.TextContent).ToList()), TimeSpan.FromSeconds(30));
        Assert.Equal(renders + 1, timeline.RenderCount);
    }

    [Fact]
    public void Shared_markup_hands_back_the_copy_already_held_and_forgets_old_ones()
    {
        var first = SharedMarkup.Share(new string('a', 3) + Guid.NewGuid());
        var equal = new string(first.AsSpan());
        Assert.NotSame(first, equal);
        Assert.Same(first, SharedMarkup.Share(equal));

        for (var i = 0; i < 8; i++) SharedMarkup.Share(Guid.NewGuid().ToString());
        var later = new string(first.AsSpan());
        Assert.Same(later, SharedMarkup.Share(later));
    }

    /// <summary>The string the component holds for its chart.</summary>
    static string Chart(IRenderedComponent<Timeline> timeline) =>
        ((MarkupString)typeof(Timeline).GetField("_chart", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(timeline.Instance)!).Value;
}
