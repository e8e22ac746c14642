using Microsoft.Playwright;

namespace ChaosDashboard.BrowserTests;

/// <summary>The start-time page as a reader finds its parts: by role, name and visible text.</summary>
sealed class StartTimeView(IPage page)
{
    public IPage Page => page;

    public ILocator Connection => page.GetByRole(AriaRole.Status, new() { Name = "Connection" });
    public ILocator Notes => page.GetByRole(AriaRole.Region, new() { Name = "Sources" });
    public ILocator Counts => page.GetByRole(AriaRole.Status, new() { Name = "Tasks shown" });
    public ILocator Family => page.GetByRole(AriaRole.Combobox, new() { Name = "Family" });

    public ILocator ComparisonCard => page.GetByRole(AriaRole.Region, new() { Name = "Comparison" });
    public ILocator ComparisonHeadline => ComparisonCard.GetByLabel("Comparison headline");
    public ILocator FirstTaskDefinition => ComparisonCard.GetByRole(AriaRole.Combobox, new() { Name = "First task definition" });

    public ILocator Strip => page.GetByRole(AriaRole.Img, new() { Name = "Total start time of every task, one band per task definition" });
    public ILocator Phases => page.GetByRole(AriaRole.Img, new() { Name = "Median provisioning, image pull and container start per task definition" });

    public ILocator Summary => page.GetByRole(AriaRole.Table, new() { Name = "Per task definition", Exact = true });
    public ILocator Groups => Summary.Locator("tbody[data-group]");
    public ILocator SummaryEmpty => page.GetByRole(AriaRole.Region, new() { Name = "Per task definition", Exact = true }).GetByText("No task in this range");

    public ILocator Tasks => page.GetByRole(AriaRole.Table, new() { Name = "Per task", Exact = true });
    public ILocator TaskRows => Tasks.Locator("tbody tr[data-task]");
    public ILocator TaskRow(string taskIdStart) => Tasks.Locator($"tbody tr[data-task^='{taskIdStart}']");

    public ILocator Import => page.GetByRole(AriaRole.Region, new() { Name = "Import events" });
    public ILocator ImportFile => Import.GetByLabel("Events file");
    public ILocator ImportButton => Import.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true });
    public ILocator ImportResult => Import.Locator("[data-outcome]");
    public ILocator ImportCount(string name) => ImportResult.Locator($"[data-count='{name}']");

    public ILocator Export(string format) => page.GetByRole(AriaRole.Link, new() { Name = format, Exact = true });

    /// <summary>
    /// Chooses a file to import. The file field starts listening once the page's circuit has drawn it,
    /// a moment after the page shows "live": a file chosen before then is chosen again.
    /// </summary>
    public async Task ChooseImportFileAsync(FilePayload file)
    {
        for (var attempt = 1; ; attempt++)
        {
            await ImportFile.SetInputFilesAsync(file);
            try
            {
                // The server names the file it holds: until then Import would read the one chosen before.
                await Assertions.Expect(Import.GetByRole(AriaRole.Status, new() { Name = "Chosen file" }))
                    .ToContainTextAsync(file.Name + ",", new() { Timeout = 10_000 });
                await Assertions.Expect(ImportButton).ToBeEnabledAsync(new() { Timeout = 5_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3) { }
        }
    }

    /// <summary>Chooses a family in the filter's select (a MudBlazor select: click it, then the option).</summary>
    public async Task ChooseFamilyAsync(string family)
    {
        await Family.ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = family, Exact = true }).ClickAsync();
    }
}
