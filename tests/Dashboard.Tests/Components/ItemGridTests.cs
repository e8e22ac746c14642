using System.Reflection;
using Bunit;
using ChaosDashboard.Components.Experiment;
using Microsoft.AspNetCore.Components;
using static ChaosDashboard.Tests.Builders;

namespace ChaosDashboard.Tests.Components;

public class ItemGridTests
{
    [Fact]
    public async Task Each_item_says_whether_it_was_written_once_again_or_not_at_all_and_by_whom()
    {
        await using var context = new ComponentTestContext();
        var items = Items(4, (0, "aaaaaaaa1111", 1), (1, "aaaaaaaa1111", 2), (1, "bbbbbbbb2222", 5));

        var grid = context.Render<ItemGrid>(p => p.Add(c => c.Items, items));
        var rows = grid.FindAll("ol[aria-label=Items] li");
        Assert.Equal(["Item 0, written once", "Item 1, written 2 times", "Item 2, missing", "Item 3, missing"], rows.Select(r => r.GetAttribute("aria-label")));
        Assert.Equal(["once", "again", "missing", "missing"], rows.Select(r => r.GetAttribute("data-state")));
        Assert.Equal("aaaaaaaa", rows[0].QuerySelector(".writes")!.TextContent);
        Assert.Equal("×2", rows[1].QuerySelector(".writes")!.TextContent);
        Assert.Equal("Item 1: aaaaaaaa at 10:00:02; bbbbbbbb at 10:00:05", rows[1].GetAttribute("title"));
        Assert.Equal("2 / 4", grid.Find("[aria-label='Items present']").TextContent);
    }

    [Fact]
    public async Task A_writer_s_id_is_shown_as_text_and_never_becomes_markup()
    {
        await using var context = new ComponentTestContext();
        var grid = context.Render<ItemGrid>(p => p.Add(c => c.Items, Items(2, (0, "<b>\"</b>&1111", 1))));
        Assert.Empty(grid.FindAll("li b"));
        Assert.Equal("<b>\"</b>", grid.Find("li .writes").TextContent);
        Assert.Equal("Item 0: <b>\"</b> at 10:00:01", grid.Find("li").GetAttribute("title"));
    }

    [Fact]
    public async Task Pages_that_show_the_same_items_hold_one_copy_and_new_items_draw_again()
    {
        await using var context = new ComponentTestContext();
        var items = Items(3, (0, "aaaaaaaa1111", 1));
        var one = context.Render<ItemGrid>(p => p.Add(c => c.Items, items));
        var other = context.Render<ItemGrid>(p => p.Add(c => c.Items, Items(3, (0, "aaaaaaaa1111", 1))));
        Assert.Same(List(one), List(other));

        one.Render(p => p.Add(c => c.Items, Items(3, (0, "aaaaaaaa1111", 1), (2, "aaaaaaaa1111", 3))));
        Assert.Equal("once", one.Find("li[data-index='2']").GetAttribute("data-state"));
        Assert.Equal("missing", other.Find("li[data-index='2']").GetAttribute("data-state"));
    }

    static string List(IRenderedComponent<ItemGrid> grid) =>
        ((MarkupString)typeof(ItemGrid).GetField("_list", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(grid.Instance)!).Value;
}
