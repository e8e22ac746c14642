using System.CommandLine;
using System.Globalization;
using ChaosDashboard.StartTime.Analysis;
using ChaosDashboard.StartTime.Reports;
using ChaosDashboard.StartTime.Sources;

namespace ChaosDashboard.StartTime.Cli;

/// <summary>
/// The <c>report</c> command: start times of ECS tasks from saved events, a CloudWatch Logs log group
/// or the start-time database. Output goes to the invocation's output writer; the exit code is returned.
/// </summary>
public static class ReportCommand
{
    /// <param name="logGroupReaderFactory">
    /// Gives the CloudWatch Logs reader for <c>--log-group</c>; returns null when AWS is not configured,
    /// which the command reports in one line with exit code 2. Called only when <c>--log-group</c> is used.
    /// </param>
    /// <param name="name">The command's name.</param>
    /// <param name="standardInput">What <c>--events-file -</c> reads; standard input by default.</param>
    public static Command Create(Func<ILogGroupReader?> logGroupReaderFactory, string name = "report", Func<Stream>? standardInput = null)
    {
        var logGroup = new Option<string?>("--log-group")
        {
            Description = "CloudWatch Logs log group the events are forwarded to, read completely (e.g. /ecs/cluster/events/default)",
        };
        var since = new Option<string?>("--since")
        {
            Description = "With --log-group: only events logged since this time (ISO-8601, e.g. 2025-01-31T08:00Z) or this long ago (90m, 24h, 7d)",
        };
        var eventsFile = new Option<string[]>("--events-file")
        {
            Description = "File of saved events: JSON lines, or aws logs get-log-events / filter-log-events output (repeatable; - reads standard input)",
            Arity = ArgumentArity.OneOrMore,
        };
        var cluster = new Option<string?>("--cluster")
        {
            Description = "Keep only the tasks of this cluster (name or ARN); other clusters' events are counted and ignored",
        };
        var format = new Option<string>("--format")
        {
            Description = "Output format; csv and json print the input counts on stderr",
            DefaultValueFactory = _ => "markdown",
        };
        format.AcceptOnlyFromAmong("markdown", "csv", "json");
        var table = new Option<string>("--table")
        {
            Description = "Which tables to print",
            DefaultValueFactory = _ => "all",
        };
        table.AcceptOnlyFromAmong("all", "tasks", "groups", "comparison");
        var database = new Option<string?>("--db")
        {
            Description = "SQLite file: also save the tasks read there; without an event source, report what it holds",
        };
        var compare = new Option<string[]>("--compare")
        {
            Description = "Two groups to compare, family:revision (or family alone): how many times faster the first starts",
            Arity = new ArgumentArity(2, 2),
            AllowMultipleArgumentsPerToken = true,
        };

        var command = new Command(name, "Start time of ECS tasks (createdAt → startedAt, by phase) per task and per task definition")
        {
            logGroup, since, eventsFile, cluster, format, table, database, compare,
        };

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            TextWriter error = parseResult.InvocationConfiguration.Error;
            TextWriter output = parseResult.InvocationConfiguration.Output;
            // The console's writer flushes on every call: a report of many tasks goes through a buffer instead.
            await using TextWriter? buffered = ReferenceEquals(output, Console.Out)
                ? new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 1 << 16)
                : null;
            output = buffered ?? output;

            if (!TryReadSince(parseResult.GetValue(since), out DateTimeOffset? sinceTime, out string sinceError))
            {
                await error.WriteLineAsync("error: --since: " + sinceError).ConfigureAwait(false);
                return ReportExitCodes.InputError;
            }

            (GroupSelector, GroupSelector)? comparison = null;
            string[]? compareValues = parseResult.GetValue(compare);
            if (compareValues is { Length: 2 })
            {
                if (!GroupSelector.TryParse(compareValues[0], out GroupSelector first, out string firstError)
                    || !GroupSelector.TryParse(compareValues[1], out GroupSelector second, out firstError))
                {
                    await error.WriteLineAsync("error: --compare: " + firstError).ConfigureAwait(false);
                    return ReportExitCodes.InputError;
                }

                comparison = (first, second);
            }

            var request = new ReportRequest
            {
                EventFiles = parseResult.GetValue(eventsFile) ?? [],
                LogGroup = NullIfBlank(parseResult.GetValue(logGroup)),
                Since = sinceTime,
                Cluster = NullIfBlank(parseResult.GetValue(cluster)),
                Format = parseResult.GetValue(format) switch
                {
                    "csv" => ReportFormat.Csv,
                    "json" => ReportFormat.Json,
                    _ => ReportFormat.Markdown,
                },
                Tables = parseResult.GetValue(table) switch
                {
                    "tasks" => ReportTables.Tasks,
                    "groups" => ReportTables.Groups,
                    "comparison" => ReportTables.Comparison,
                    _ => ReportTables.All,
                },
                DatabasePath = NullIfBlank(parseResult.GetValue(database)),
                Compare = comparison,
            };
            return await new StartTimeReportRunner(logGroupReaderFactory, standardInput)
                .RunAsync(request, output, error, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>An ISO-8601 time, or a duration back from now: <c>90m</c>, <c>24h</c>, <c>7d</c>.</summary>
    internal static bool TryReadSince(string? text, out DateTimeOffset? since, out string error)
    {
        since = null;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        text = text.Trim();
        char unit = text[^1];
        if (unit is 'm' or 'h' or 'd'
            && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int amount))
        {
            TimeSpan back = unit switch
            {
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
            since = DateTimeOffset.UtcNow - back;
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset instant))
        {
            since = instant;
            return true;
        }

        error = $"'{text}' is neither an ISO-8601 time nor a duration such as 90m, 24h or 7d";
        return false;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
