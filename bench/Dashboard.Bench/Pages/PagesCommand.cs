using System.CommandLine;

namespace ChaosDashboard.Bench.Pages;

/// <summary>
/// <c>pages …</c>: the Blazor pages measured end to end, against the Release build run as a process of its
/// own with headless Chromium (and, for counts Chromium cannot hold here, circuits without a browser).
/// Figures are printed, never asserted; docs/benchmarks.md keeps them with the command for each.
/// </summary>
static class PagesCommand
{
    public static Command Create()
    {
        var command = new Command("pages", "Measure the Blazor pages: freshness, viewers, log burst, start-up, page weight");
        // The published app is what is deployed: only its static assets are brotli-compressed and cached as immutable.
        var app = new Option<string?>("--app") { Description = "The dashboard's dll (default: src/Dashboard/bin/Release/net10.0/chaos-dashboard.dll)", Recursive = true };
        command.Add(app);
        var serverEnv = new Option<string[]>("--server-env") { Description = "NAME=VALUE for the dashboard's environment (repeatable), e.g. DOTNET_gcServer=0", Recursive = true };
        command.Add(serverEnv);

        var freshnessPages = new Option<int>("--pages") { Description = "Open Chromium pages", DefaultValueFactory = _ => 1 };
        var seconds = new Option<int>("--seconds") { Description = "Length of the run", DefaultValueFactory = _ => 20 };
        var freshness = new Command("freshness", "Model change to text in Chromium's DOM during a sandbox run") { freshnessPages, seconds };
        freshness.SetAction(async (r, _) =>
        {
            DashboardServer.App = r.GetValue(app);
            foreach (var pair in r.GetValue(serverEnv) ?? [])
                if (pair.Split('=', 2) is [var name, var value]) DashboardServer.Environment[name] = value;
            var n = r.GetValue(freshnessPages);
            await ViewersBenchmark.RunAsync(browsers: n, circuits: 0, watchers: 0, r.GetValue(seconds), Console.Out);
            return 0;
        });
        command.Add(freshness);

        var count = new Option<int>("--count") { Description = "Viewers (open pages)", DefaultValueFactory = _ => 20 };
        var browsers = new Option<int?>("--browsers") { Description = "How many of them are Chromium pages (default: all up to 20, none above)" };
        var watchers = new Option<int>("--watchers") { Description = "Circuits on /presenter whose render batches are timed (the rest open /)", DefaultValueFactory = _ => 20 };
        var viewerSeconds = new Option<int>("--seconds") { Description = "Length of the run", DefaultValueFactory = _ => 20 };
        var path = new Option<string>("--path") { Description = "The page the other circuits open", DefaultValueFactory = _ => "/" };
        var gcdump = new Option<string?>("--gcdump") { Description = "Take heap dumps (dotnet-gcdump) with no viewer and with the viewers idle: <prefix>.empty.gcdump, <prefix>.idle.gcdump" };
        var viewers = new Command("viewers", "Memory per circuit, server CPU and freshness with N viewers during a run") { count, browsers, watchers, viewerSeconds, path, gcdump };
        viewers.SetAction(async (r, _) =>
        {
            DashboardServer.App = r.GetValue(app);
            foreach (var pair in r.GetValue(serverEnv) ?? [])
                if (pair.Split('=', 2) is [var name, var value]) DashboardServer.Environment[name] = value;
            var n = r.GetValue(count);
            var b = r.GetValue(browsers) ?? (n <= 20 ? n : 0);
            var circuits = Math.Max(0, n - b);
            await ViewersBenchmark.RunAsync(b, circuits, Math.Min(circuits, r.GetValue(watchers)), r.GetValue(viewerSeconds), Console.Out, r.GetValue(path)!, r.GetValue(gcdump));
            return 0;
        });
        command.Add(viewers);

        var burstPages = new Option<int>("--pages") { Description = "Open Chromium pages", DefaultValueFactory = _ => 1 };
        var rate = new Option<int>("--rate") { Description = "Log lines per second", DefaultValueFactory = _ => 5000 };
        var burstSeconds = new Option<int>("--seconds") { Description = "Length of the burst", DefaultValueFactory = _ => 30 };
        var burstCircuits = new Option<int>("--circuits") { Description = "Circuits without a browser on /presenter as well", DefaultValueFactory = _ => 0 };
        var warmup = new Option<int>("--warmup-seconds") { Description = "A shorter burst first, so memory is compared against a dashboard that has run (0: none)", DefaultValueFactory = _ => 5 };
        var burstDump = new Option<string?>("--gcdump") { Description = "Take heap dumps (dotnet-gcdump) after the warm-up and after the first burst: <prefix>.warm.gcdump, <prefix>.burst.gcdump" };
        var burst = new Command("burst", "A log burst into open pages: long tasks, CPU, dropped circuits, order of the lines, memory after a warm-up and after a second burst") { burstPages, rate, burstSeconds, burstCircuits, warmup, burstDump };
        burst.SetAction(async (r, _) =>
        {
            DashboardServer.App = r.GetValue(app);
            foreach (var pair in r.GetValue(serverEnv) ?? [])
                if (pair.Split('=', 2) is [var name, var value]) DashboardServer.Environment[name] = value;
            await BurstBenchmark.RunAsync(r.GetValue(burstPages), r.GetValue(rate), r.GetValue(burstSeconds), Console.Out, r.GetValue(burstCircuits), r.GetValue(warmup), r.GetValue(burstDump));
            return 0;
        });
        command.Add(burst);

        var runs = new Option<int>("--runs") { Description = "Starts to time", DefaultValueFactory = _ => 5 };
        var split = new Option<bool>("--split") { Description = "Wait for GET /api/experiment first, to tell the host's start from the first page's render" };
        var startup = new Command("startup", "Process start to the first 200 of the experiment page") { runs, split };
        startup.SetAction(async (r, _) =>
        {
            DashboardServer.App = r.GetValue(app);
            foreach (var pair in r.GetValue(serverEnv) ?? [])
                if (pair.Split('=', 2) is [var name, var value]) DashboardServer.Environment[name] = value;
            await StartupBenchmark.RunAsync(r.GetValue(runs), Console.Out, r.GetValue(split));
            return 0;
        });
        command.Add(startup);

        var weight = new Command("weight", "Bytes of each page as served (compressed), and the assets' caching");
        weight.SetAction(async (r, _) =>
        {
            DashboardServer.App = r.GetValue(app);
            foreach (var pair in r.GetValue(serverEnv) ?? [])
                if (pair.Split('=', 2) is [var name, var value]) DashboardServer.Environment[name] = value;
            await WeightBenchmark.RunAsync(Console.Out);
            return 0;
        });
        command.Add(weight);
        return command;
    }
}
