using ChaosDashboard.StartTime.Analysis;
using ChaosDashboard.StartTime.Reports;
using ChaosDashboard.StartTime.Sources;
using ChaosDashboard.StartTime.Storage;

namespace ChaosDashboard.StartTime.Cli;

/// <summary>
/// Runs a start-time report: streams every source through one merge (one row per task), optionally
/// saves the tasks, and writes the tables. Problems end in one readable line on the error writer and
/// an exit code, never a stack trace.
/// </summary>
/// <param name="logGroupReaderFactory">The CloudWatch Logs reader for a log group; null when AWS is not configured.</param>
/// <param name="standardInput">What <c>--events-file -</c> reads; the process's standard input unless a test gives its own.</param>
public sealed class StartTimeReportRunner(Func<ILogGroupReader?> logGroupReaderFactory, Func<Stream>? standardInput = null)
{
    /// <summary>The events file name that means standard input.</summary>
    public const string StandardInput = "-";

    private readonly Func<Stream> openStandardInput = standardInput ?? Console.OpenStandardInput;

    public const string AwsNotConfiguredMessage =
        "error: --log-group needs AWS access, which is not configured (set a region and credentials, e.g. AWS_REGION and AWS_PROFILE).";

    public async Task<int> RunAsync(ReportRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        if (!request.HasEventSource && request.DatabasePath is null)
        {
            await error.WriteLineAsync("error: nothing to report: give --events-file, --log-group, or --db with saved samples.").ConfigureAwait(false);
            return ReportExitCodes.InputError;
        }

        foreach (string file in request.EventFiles)
        {
            if (file == StandardInput)
            {
                continue;
            }

            if (Directory.Exists(file))
            {
                await error.WriteLineAsync($"error: {file} is a folder: --events-file takes a file of events (or - for standard input).").ConfigureAwait(false);
                return ReportExitCodes.InputError;
            }

            if (!File.Exists(file))
            {
                await error.WriteLineAsync($"error: events file not found: {file}").ConfigureAwait(false);
                return ReportExitCodes.InputError;
            }
        }

        ILogGroupReader? logGroupReader = null;
        if (request.LogGroup is not null)
        {
            logGroupReader = logGroupReaderFactory();
            if (logGroupReader is null)
            {
                await error.WriteLineAsync(AwsNotConfiguredMessage).ConfigureAwait(false);
                return ReportExitCodes.AwsNotConfigured;
            }
        }

        try
        {
            StartTimeReport report;
            InputSummary input;
            List<string> notes = [];
            if (request.HasEventSource)
            {
                var tally = new InputTally();
                var intake = new EventIntake(request.Cluster, tally);
                // One compact row per task; every field only when the tasks are saved too.
                var tasks = new TaskTable(keepEveryField: request.DatabasePath is not null);
                foreach (string file in request.EventFiles)
                {
                    if (file == StandardInput)
                    {
                        await using Stream events = openStandardInput();
                        await EventFileReader.ReadIntoAsync(events, "standard input", intake, tasks, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await EventFileReader.ReadIntoAsync(file, intake, tasks, cancellationToken).ConfigureAwait(false);
                    }
                }

                if (logGroupReader is not null)
                {
                    await LogGroupEventReader.ReadIntoAsync(logGroupReader, request.LogGroup!, request.Since, intake, tasks, cancellationToken)
                        .ConfigureAwait(false);
                }

                if (request.DatabasePath is not null)
                {
                    await using SqliteStartTimeStore store = await SqliteStartTimeStore.OpenAsync(request.DatabasePath, cancellationToken).ConfigureAwait(false);
                    await store.SaveAsync(tasks.Samples(), cancellationToken).ConfigureAwait(false);
                    long stored = await store.CountAsync(cancellationToken).ConfigureAwait(false);
                    notes.Add($"saved {tasks.TaskCount} tasks to {store.Path} ({stored} stored in all)");
                }

                report = StartTimeReport.Build(tasks, request.Compare);
                input = InputSummary.From(tally, tasks);
            }
            else
            {
                await using SqliteStartTimeStore store = await SqliteStartTimeStore.OpenAsync(request.DatabasePath!, cancellationToken).ConfigureAwait(false);
                report = await store.QueryReportAsync(new StartTimeQuery { Cluster = request.Cluster }, request.Compare, cancellationToken).ConfigureAwait(false);
                input = new InputSummary { DatabasePath = store.Path };
            }

            WriteReport(request, report, input, notes, output, error);
            return ReportExitCodes.Success;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("error: report cancelled").ConfigureAwait(false);
            return ReportExitCodes.InputError;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever failed (a file vanishing mid-read, the Logs API refusing, a locked database), the
            // person running the report needs its message, not a stack trace.
            await error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return ReportExitCodes.InputError;
        }
    }

    private static void WriteReport(
        ReportRequest request, StartTimeReport report, InputSummary input, List<string> notes, TextWriter output, TextWriter error)
    {
        switch (request.Format)
        {
            case ReportFormat.Markdown:
                MarkdownReportWriter.Write(report, input, output, request.Tables);
                foreach (string note in notes)
                {
                    output.WriteLine("- " + note);
                }

                break;
            case ReportFormat.Csv:
                CsvReportWriter.Write(report, output, request.Tables);
                WriteFooter(report, input, notes, error);
                break;
            default:
                JsonReportWriter.Write(report, input, output, request.Tables);
                WriteFooter(report, input, notes, error);
                break;
        }

        output.Flush();
    }

    private static void WriteFooter(StartTimeReport report, InputSummary input, List<string> notes, TextWriter error)
    {
        foreach (string line in input.Lines(report).Concat(notes))
        {
            error.WriteLine(line);
        }

        error.Flush();
    }
}
