using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ChaosDashboard.StartTimeAnalysis.Cli;
using ChaosDashboard.StartTimes;

namespace ChaosDashboard.Bench;

/// <summary>
/// Times the start-time report on a large capture (see <see cref="StartTimeCapture"/>), written once
/// and kept for later runs. Each run is a fresh process under <c>/usr/bin/time</c>, so wall time, CPU
/// time and peak resident memory are those of the command as a person runs it; the process itself
/// adds the bytes the garbage collector allocated. With <c>--pandas</c> the SOCI sample's pandas method
/// runs on the same file after each run of the report, paired run by run.
/// </summary>
internal static class StartTimeBenchmark
{
    private const string MeasureCommand = "measure-report";

    public static Command CreateCommand()
    {
        var events = new Option<int>("--events") { Description = "Task state change events in the capture (4 per task)", DefaultValueFactory = _ => 1_000_000 };
        var file = new Option<string?>("--file") { Description = "The capture; written when missing (default: start-time-capture-<events>.jsonl in the temp folder)" };
        var regenerate = new Option<bool>("--regenerate") { Description = "Write the capture again even when it exists" };
        var runs = new Option<int>("--runs") { Description = "Runs of each command; medians are printed", DefaultValueFactory = _ => 3 };
        var tables = new Option<string[]>("--table")
        {
            Description = "Which tables the report prints (repeatable: each is timed)",
            DefaultValueFactory = _ => ["groups", "all"],
            AllowMultipleArgumentsPerToken = true,
        };
        var import = new Option<bool>("--import") { Description = "Also time the dashboard's import of the capture into a new SQLite database" };
        var pandas = new Option<string?>("--pandas") { Description = "The SOCI sample's method (seed_pandas_method.py), run with --python on the same file" };
        var python = new Option<string>("--python") { Description = "The Python with pandas", DefaultValueFactory = _ => "/usr/bin/python3" };
        var command = new Command("start-time", "Write a large capture once, then time the start-time report on it (and the pandas method)")
        {
            events, file, regenerate, runs, tables, import, pandas, python,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            int eventCount = parseResult.GetValue(events);
            string path = parseResult.GetValue(file) ?? Path.Combine(Path.GetTempPath(), $"start-time-capture-{eventCount}.jsonl");
            return await RunAsync(path, eventCount, parseResult.GetValue(regenerate), parseResult.GetValue(runs),
                parseResult.GetValue(tables) ?? [], parseResult.GetValue(import), parseResult.GetValue(pandas), parseResult.GetValue(python)!,
                parseResult.InvocationConfiguration.Output, cancellationToken);
        });
        return command;
    }

    /// <summary>
    /// <c>measure-report &lt;report options&gt;</c>: the report command as the CLI runs it (output to
    /// stdout), then one line on stderr with the bytes the garbage collector allocated.
    /// </summary>
    public static async Task<int?> TryRunMeasuredReportAsync(string[] args)
    {
        if (args.Length == 2 && args[0] == MeasureImportCommand)
        {
            return await MeasureImportAsync(args[1]);
        }

        if (args.Length == 0 || args[0] != MeasureCommand)
        {
            return null;
        }

        HotPath.CompileAhead();
        using AllocationSampler? sampler = Environment.GetEnvironmentVariable("BENCH_ALLOCATIONS") is null ? null : new AllocationSampler();
        var root = new RootCommand { ReportCommand.Create(() => null) };
        int exitCode = await root.Parse(["report", .. args[1..]]).InvokeAsync();
        sampler?.Print(Console.Error);
        await Console.Out.FlushAsync();
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"allocated {GC.GetTotalAllocatedBytes(precise: true)} bytes; gen0/1/2 collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, paused {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms"));
        return exitCode;
    }

    private const string MeasureImportCommand = "measure-import";

    /// <summary>
    /// <c>measure-import FILE</c>: the dashboard's import (<see cref="StartTimeImporter"/>) of the file into a new
    /// SQLite database, as <c>POST /api/start-times/import</c> does it, then the counts and allocated bytes on stderr.
    /// </summary>
    private static async Task<int> MeasureImportAsync(string path)
    {
        string database = Path.Combine(Path.GetTempPath(), $"start-time-import-{Environment.ProcessId}.db");
        using AllocationSampler? sampler = Environment.GetEnvironmentVariable("BENCH_ALLOCATIONS") is null ? null : new AllocationSampler();
        try
        {
            await using var board = new StartTimeBoard(
                new StartTimeOptions { Database = database, SandboxSeedTasksPerFamily = 0 }, seedSandbox: false,
                Microsoft.Extensions.Logging.Abstractions.NullLogger<StartTimeBoard>.Instance);
            await using var file = File.OpenRead(path);
            ImportResult result = await StartTimeImporter.ImportAsync(file, Path.GetFileName(path), null, board, CancellationToken.None);
            Console.Error.WriteLine($"imported {result.Tasks} tasks: {result.Added} added, {result.Malformed} malformed; {new FileInfo(database).Length / 1e6:N0} MB database");
            GCMemoryInfo gc = GC.GetGCMemoryInfo();
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"managed heap {gc.HeapSizeBytes / 1e6:N0} MB, committed {gc.TotalCommittedBytes / 1e6:N0} MB; SQLite's own memory at most {SQLitePCL.raw.sqlite3_memory_highwater(0) / 1e6:N0} MB"));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"allocated {GC.GetTotalAllocatedBytes(precise: true)} bytes; gen0/1/2 collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}"));
            sampler?.Print(Console.Error);
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (string file in new[] { database, database + "-wal", database + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private sealed record Measurement(double Wall, double Cpu, long PeakBytes, long? Allocated, long OutputBytes);

    private static async Task<int> RunAsync(
        string path, int eventCount, bool regenerate, int runs, string[] tables, bool import, string? pandasScript, string python,
        TextWriter output, CancellationToken cancellationToken)
    {
        if (regenerate || !File.Exists(path))
        {
            var generation = Stopwatch.StartNew();
            StartTimeCapture.Written written = StartTimeCapture.Write(path, eventCount);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {path}: {written.Lines:N0} lines, {written.Bytes / 1e9:N2} GB, {written.Tasks:N0} tasks, {written.Bytes / (double)written.Lines:N0} bytes per line, in {generation.Elapsed.TotalSeconds:N1} s"));
        }

        long fileBytes = new FileInfo(path).Length;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"capture {path} ({fileBytes / 1e9:N2} GB)"));
        output.WriteLine($"runtime {Environment.Version}, {Environment.ProcessorCount} logical cores; load average {LoadAverage()}");

        var results = new Dictionary<string, List<Measurement>>();
        string self = SelfCommand();
        for (int run = 1; run <= runs; run++)
        {
            foreach (string table in tables)
            {
                string name = $"report --format markdown --table {table}";
                Measurement ours = await MeasureAsync(
                    [.. self.Split('\n'), MeasureCommand, "--events-file", path, "--format", "markdown", "--table", table], cancellationToken);
                Record(name, ours);
                // The same report as a user runs it: the dashboard's command line, with its settings read first.
                Record("chaos-dashboard " + name, await MeasureAsync(
                    [.. DashboardCommand(), "report", "--events-file", path, "--format", "markdown", "--table", table], cancellationToken));
            }

            if (import)
            {
                Record("import into a new SQLite database (StartTimeImporter)", await MeasureAsync([.. self.Split('\n'), MeasureImportCommand, path], cancellationToken));
            }

            if (pandasScript is not null)
            {
                Record("pandas method (seed_pandas_method.py)", await MeasureAsync([python, pandasScript, path], cancellationToken));
            }

            output.WriteLine($"run {run}: load average {LoadAverage()}");
        }

        output.WriteLine();
        output.WriteLine("| command | wall (median) | CPU (median) | peak resident | allocated | output |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, measured) in results)
        {
            string allocated = measured[0].Allocated is long a ? string.Create(CultureInfo.InvariantCulture, $"{a / 1e6:N0} MB") : "–";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {Median(measured, m => m.Wall):N2} s | {Median(measured, m => m.Cpu):N2} s | {measured.Max(m => m.PeakBytes) / 1048576.0:N0} MiB | {allocated} | {measured[0].OutputBytes / 1e6:N1} MB |"));
            output.WriteLine("  runs: " + string.Join("; ", measured.Select(m => string.Create(CultureInfo.InvariantCulture,
                $"{m.Wall:N2} s wall, {m.Cpu:N2} s CPU, {m.PeakBytes / 1048576.0:N0} MiB"))));
        }

        return 0;

        void Record(string name, Measurement measurement)
        {
            if (!results.TryGetValue(name, out var list))
            {
                results[name] = list = [];
            }

            list.Add(measurement);
            string allocated = measurement.Allocated is long a ? string.Create(CultureInfo.InvariantCulture, $", {a / 1e6:N0} MB allocated") : "";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name}: {measurement.Wall:N2} s wall, {measurement.Cpu:N2} s CPU, {measurement.PeakBytes / 1048576.0:N0} MiB peak{allocated}"));
        }
    }

    /// <summary>Runs one command under /usr/bin/time, its output to a temp file, and reads the figures.</summary>
    private static async Task<Measurement> MeasureAsync(string[] command, CancellationToken cancellationToken)
    {
        string outFile = Path.GetTempFileName(), errFile = Path.GetTempFileName(), timeFile = Path.GetTempFileName();
        try
        {
            var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            foreach (string argument in (string[])[
                         "-c", "out=$1; err=$2; tf=$3; shift 3; exec /usr/bin/time -f '%e %U %S %M' -o \"$tf\" \"$@\" > \"$out\" 2> \"$err\"",
                         "sh", outFile, errFile, timeFile, .. command])
            {
                start.ArgumentList.Add(argument);
            }

            using Process process = Process.Start(start)!;
            await process.WaitForExitAsync(cancellationToken);
            string error = await File.ReadAllTextAsync(errFile, cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{string.Join(' ', command)} exited with {process.ExitCode}: {error}");
            }

            string[] figures = File.ReadAllLines(timeFile).Last(line => line.Length > 0).Split(' ');
            long? allocated = error.Split('\n').FirstOrDefault(line => line.StartsWith("allocated ", StringComparison.Ordinal)) is { } line
                ? long.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture)
                : null;
            return new Measurement(
                double.Parse(figures[0], CultureInfo.InvariantCulture),
                double.Parse(figures[1], CultureInfo.InvariantCulture) + double.Parse(figures[2], CultureInfo.InvariantCulture),
                long.Parse(figures[3], CultureInfo.InvariantCulture) * 1024,
                allocated,
                new FileInfo(outFile).Length);
        }
        finally
        {
            File.Delete(outFile);
            File.Delete(errFile);
            File.Delete(timeFile);
        }
    }

    /// <summary>This program as a command line: its apphost, or dotnet and its assembly (one per line).</summary>
    private static string SelfCommand()
    {
        string process = Environment.ProcessPath!;
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? process + "\n" + typeof(StartTimeBenchmark).Assembly.Location
            : process;
    }

    /// <summary>The dashboard built beside this program (it is a project reference), run by dotnet.</summary>
    private static string[] DashboardCommand()
    {
        string process = Environment.ProcessPath!;
        string dotnet = Path.GetFileNameWithoutExtension(process) == "dotnet" ? process : "dotnet";
        return [dotnet, Path.Combine(AppContext.BaseDirectory, "chaos-dashboard.dll")];
    }

    private static double Median(List<Measurement> values, Func<Measurement, double> of)
    {
        double[] sorted = values.Select(of).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
