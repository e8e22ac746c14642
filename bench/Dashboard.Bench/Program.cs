using System.CommandLine;
using ChaosDashboard.Bench;
using ChaosDashboard.Bench.Pages;
using ChaosDashboard.StartTime.Cli;

// The report under measurement, run by the start-time benchmark in a process of its own.
if (await StartTimeBenchmark.TryRunMeasuredReportAsync(args) is int measuredExitCode)
{
    return measuredExitCode;
}

// Plain benchmark modes that print their figures; no BenchmarkDotNet harness needed for these.
var root = new RootCommand("Chaos Dashboard benchmarks")
{
    StartTimeBenchmark.CreateCommand(),
    LiveFeedBenchmark.CreateCommand(),
    StartTimePhases.CreateCommand(),
    PagesCommand.Create(),
    // The start-time report itself, without AWS access, for trying it on saved files.
    ReportCommand.Create(() => null),
};
return await root.Parse(args).InvokeAsync();
