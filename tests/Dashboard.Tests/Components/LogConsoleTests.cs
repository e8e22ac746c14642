using Bunit;
using ChaosDashboard.Components.Experiment;
using ChaosDashboard.Experiment;
using static ChaosDashboard.Tests.Builders;

namespace ChaosDashboard.Tests.Components;

public class LogConsoleTests
{
    static List<LogLineView> Lines(long from, long to) =>
        Enumerable.Range((int)from, (int)(to - from + 1)).Select(n => new LogLineView(n, T0.AddSeconds(n), "task1234abcd", $"line {n}")).ToList();

    static long[] Shown(IRenderedComponent<LogConsole> console) =>
        console.FindAll("[data-number]").Select(row => long.Parse(row.GetAttribute("data-number")!)).ToArray();

    [Fact]
    public async Task Paused_it_keeps_what_it_showed_and_counts_what_arrived()
    {
        await using var context = new ComponentTestContext();
        var console = context.Render<LogConsole>(p => p.Add(c => c.Lines, Lines(1, 5)));
        Assert.Equal([1L, 2, 3, 4, 5], Shown(console));

        console.FindAll("button").Single(b => b.TextContent == "Pause").Click();
        console.Render(p => p.Add(c => c.Lines, Lines(1, 8)));
        Assert.Equal([1L, 2, 3, 4, 5], Shown(console));
        Assert.Equal("3 new lines", console.Find("[aria-label='New lines while paused']").TextContent);
        Assert.Equal("false", console.Find("[role=log]").GetAttribute("data-following"));

        console.FindAll("button").Single(b => b.TextContent == "Follow").Click();
        Assert.Equal(Enumerable.Range(1, 8).Select(n => (long)n).ToArray(), Shown(console));
        Assert.Empty(console.FindAll("[aria-label='New lines while paused']"));
    }

    [Fact]
    public async Task Scrolling_up_pauses_and_back_to_the_end_follows()
    {
        await using var context = new ComponentTestContext();
        var console = context.Render<LogConsole>(p => p.Add(c => c.Lines, Lines(1, 3)));
        await console.InvokeAsync(() => console.Instance.ReaderScrolled(atEnd: false));
        console.Render(p => p.Add(c => c.Lines, Lines(1, 4)));
        Assert.Equal("1 new line", console.Find("[aria-label='New lines while paused']").TextContent);
        await console.InvokeAsync(() => console.Instance.ReaderScrolled(atEnd: true));
        Assert.Equal([1L, 2, 3, 4], Shown(console));
    }

    [Fact]
    public async Task Clear_view_hides_the_lines_so_far_and_shows_the_ones_after()
    {
        await using var context = new ComponentTestContext();
        var console = context.Render<LogConsole>(p => p.Add(c => c.Lines, Lines(1, 5)));
        console.FindAll("button").Single(b => b.TextContent == "Clear view").Click();
        Assert.Empty(Shown(console));
        console.Render(p => p.Add(c => c.Lines, Lines(1, 7)));
        Assert.Equal([6L, 7], Shown(console));
    }

    [Fact]
    public async Task Lines_that_left_the_buffer_are_mentioned_and_the_presenter_form_shows_the_last_rows_only()
    {
        await using var context = new ComponentTestContext();
        var console = context.Render<LogConsole>(p => p.Add(c => c.Lines, Lines(1, 3)));
        Assert.Empty(console.FindAll("[role=note]"));
        console.Render(p => p.Add(c => c.Lines, Lines(101, 110)));
        Assert.Contains("Lines before #101 have left the dashboard's buffer", console.Find("[role=note]").TextContent);

        var compact = context.Render<LogConsole>(p => p.Add(c => c.Lines, Lines(1, 20)).Add(c => c.Compact, true).Add(c => c.Rows, 6));
        Assert.Equal([15L, 16, 17, 18, 19, 20], Shown(compact));
        Assert.Empty(compact.FindAll("button"));
    }

    [Fact]
    public async Task The_prerendered_page_has_the_newest_lines_a_virtualised_list_would_not_draw()
    {
        await using var context = new ComponentTestContext(interactive: false);
        var console = context.Render<LogConsole>(p => p.Add(c => c.Lines, Lines(1, 50)));
        var shown = Shown(console);
        Assert.Equal(50, shown[^1]);
        Assert.True(shown.Length >= 10, $"only {shown.Length} rows in the first paint");
    }
}
