using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ChaosDashboard.BrowserTests;

/// <summary>
/// The experiment page (and the presenter view) as a participant reads it: every part found by its
/// role, its accessible name and its visible text, not by how it is styled.
/// </summary>
sealed class ExperimentView(IPage page)
{
    public IPage Page => page;

    public ILocator Button(string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public ILocator Connection => page.GetByRole(AriaRole.Status, new() { Name = "Connection" });
    public ILocator Where => page.GetByRole(AriaRole.Banner).Locator("[data-mode]");
    public ILocator Problems => page.GetByRole(AriaRole.Region, new() { Name = "Problems" });
    public ILocator ActionOutcome => page.GetByRole(AriaRole.Status, new() { Name = "Action outcome" });
    public ILocator ClearDialog => page.GetByRole(AriaRole.Dialog);

    public ILocator Verdict => page.GetByRole(AriaRole.Region, new() { Name = "Verdict" });
    public ILocator Headline => Verdict.GetByRole(AriaRole.Heading);
    public ILocator Evidence => Verdict.GetByRole(AriaRole.List, new() { Name = "Evidence" });

    public ILocator TaskCard => page.GetByRole(AriaRole.Region, new() { Name = "ECS task", Exact = true });
    public ILocator TaskStatus => TaskCard.GetByLabel("Task status");
    public ILocator TaskId => TaskCard.GetByLabel("Task id");
    public ILocator DesiredStatus => TaskCard.GetByLabel("Desired status");
    public ILocator StopCode => TaskCard.GetByLabel("Stop code");
    public ILocator StoppedReason => TaskCard.GetByLabel("Stopped reason");
    public ILocator LifecycleSteps => TaskCard.GetByRole(AriaRole.List, new() { Name = "Lifecycle" }).GetByRole(AriaRole.Listitem);
    public ILocator CurrentStep => LifecycleSteps.And(page.Locator("[aria-current=step]"));

    public ILocator ExperimentCard => page.GetByRole(AriaRole.Region, new() { Name = "FIS experiment", Exact = true });
    public ILocator ExperimentStatus => ExperimentCard.GetByLabel("Experiment status");
    public ILocator ExperimentActions => ExperimentCard.GetByRole(AriaRole.Table, new() { Name = "Experiment actions" });
    public ILocator Targets => ExperimentCard.GetByLabel("Targets");

    public ILocator ItemsCard => page.GetByRole(AriaRole.Region, new() { Name = "Items in DynamoDB" });
    public ILocator ItemCount => ItemsCard.GetByLabel("Items present");
    public ILocator Items => ItemsCard.GetByRole(AriaRole.List, new() { Name = "Items" }).GetByRole(AriaRole.Listitem);
    public ILocator Item(int index) => ItemsCard.GetByRole(AriaRole.Listitem, new() { NameRegex = new Regex($"^Item {index},") });
    public ILocator ItemsWrittenOnce => ItemsCard.GetByRole(AriaRole.Listitem, new() { NameRegex = new Regex(", written once$") });
    public ILocator ItemsWrittenAgain => ItemsCard.GetByRole(AriaRole.Listitem, new() { NameRegex = new Regex(@", written \d+ times$") });
    public ILocator ItemsNotWritten => ItemsCard.GetByRole(AriaRole.Listitem, new() { NameRegex = new Regex(", missing$") });

    public ILocator Timeline => page.GetByRole(AriaRole.Region, new() { Name = "Timeline" }).GetByRole(AriaRole.Img);

    public ILocator Log => page.GetByRole(AriaRole.Log);
    /// <summary>The log's rows in the page; the list is virtualised, so these are the ones in view.</summary>
    public ILocator LogLines => Log.Locator("[data-number]");
    public ILocator NewLines => page.GetByRole(AriaRole.Status, new() { Name = "New lines while paused" });

    /// <summary>The numbers of the log rows in the page, in order.</summary>
    public Task<int[]> LogLineNumbers() => LogLines.EvaluateAllAsync<int[]>("rows => rows.map(r => Number(r.dataset.number))");

    /// <summary>Text of a part with its whitespace collapsed, to compare two pages.</summary>
    public static async Task<string> Text(ILocator part) => Regex.Replace(await part.InnerTextAsync(), @"\s+", " ").Trim();
}
