using Microsoft.Playwright;

namespace ChaosDashboard.BrowserTests;

/// <summary>The preflight page's table of checks, a row per check, found by role and text.</summary>
sealed class PreflightView(IPage page)
{
    public IPage Page => page;

    public ILocator Checks => page.GetByRole(AriaRole.Table, new() { Name = "Checks" });
    public ILocator Rows => Checks.GetByRole(AriaRole.Row);

    /// <summary>The row of one check, by the check's name in its first cell.</summary>
    public ILocator Check(string name) => Rows.Filter(new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = name, Exact = true }) });

    /// <summary>The rows whose result reads Failed.</summary>
    public ILocator Failed => Rows.Filter(new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = "Failed", Exact = true }) });
}
