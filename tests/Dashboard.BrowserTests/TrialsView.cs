using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ChaosDashboard.BrowserTests;

/// <summary>The trials page, the side-by-side view and a replay, found by role and visible text.</summary>
sealed class TrialsView(IPage page)
{
    public IPage Page => page;

    public ILocator Table => page.GetByRole(AriaRole.Table, new() { Name = "Recorded trials" });
    public ILocator Rows => Table.Locator("tbody").GetByRole(AriaRole.Row);
    public ILocator Row(long id) => Table.GetByRole(AriaRole.Row, new() { Name = $"Trial {id}", Exact = true });
    public ILocator Cell(long id, string column) => Row(id).Locator($"[data-column={column}]");
    public ILocator Outcome => page.GetByRole(AriaRole.Status, new() { Name = "Trial outcome" });
    public ILocator Dialog => page.GetByRole(AriaRole.Dialog);
    public ILocator Button(string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });
    public ILocator FileInput => page.GetByLabel("Trial file");

    public ILocator Difference => page.GetByRole(AriaRole.Status, new() { Name = "Difference" });
    public ILocator Side(long id) => page.GetByRole(AriaRole.Region, new() { Name = $"Trial {id}", Exact = true });

    /// <summary>The replay's own buttons (the log console has a Pause of its own).</summary>
    public ILocator PlayerButton(string name) => page.GetByRole(AriaRole.Region, new() { Name = "Replay" }).GetByRole(AriaRole.Button, new() { Name = name, Exact = true });
    public ILocator ReplayBanner => page.GetByRole(AriaRole.Status, new() { Name = "Replay of" });
    public ILocator Position => page.GetByRole(AriaRole.Slider, new() { Name = "Position" });
    public ILocator ReplayClock => page.GetByLabel("Replay position");

    /// <summary>The ids in the table, top to bottom.</summary>
    public async Task<long[]> Ids() =>
        (await Rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.trial)")).Select(long.Parse).ToArray();

    public static Regex Exactly(string text) => new($"^{Regex.Escape(text)}$");
}
