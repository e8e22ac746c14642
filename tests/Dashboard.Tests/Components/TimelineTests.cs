using Bunit;
using ChaosDashboard.Components.Experiment;
using ChaosDashboard.Experiment;
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
}
