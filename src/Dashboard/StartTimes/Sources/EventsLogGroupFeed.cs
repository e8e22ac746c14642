using ChaosDashboard.Aws.Errors;
using ChaosDashboard.AwsMode;
using ChaosDashboard.StartTime.Events;
using ChaosDashboard.StartTime.Sources;

namespace ChaosDashboard.StartTimes;

/// <summary>Where the events log group is, as far as AWS mode knows yet.</summary>
public sealed record EventsLogGroupTarget(bool Known, string? Name, string? Missing)
{
    /// <summary>Discovery has not answered yet.</summary>
    public static EventsLogGroupTarget Waiting { get; } = new(false, null, null);

    /// <summary>Not AWS mode: there is no log group to read and nothing to say about it.</summary>
    public static EventsLogGroupTarget None { get; } = new(true, null, null);

    public static EventsLogGroupTarget At(string name) => new(true, name, null);

    /// <summary>There is no log group to read; <paramref name="why"/> says what to set.</summary>
    public static EventsLogGroupTarget Unavailable(string why) => new(true, null, why);
}

/// <summary>
/// AWS mode: reads the ECS task events that EventBridge forwards to <c>/ecs/cluster/events/&lt;cluster&gt;</c>,
/// completely the first time and then every <see cref="StartTimeOptions.RefreshSeconds"/> from a little
/// before the last read, saving as it goes. A missing group or a refused read becomes a note on the
/// page and is tried again on the next round; it never stops the dashboard.
/// </summary>
public sealed class EventsLogGroupFeed(
    StartTimeBoard board, ILogGroupReader? reader, Func<EventsLogGroupTarget> locate, StartTimeOptions options,
    ILogger<EventsLogGroupFeed> logger, TimeProvider? time = null) : BackgroundService
{
    public const string Source = "Events log group";

    /// <summary>Events reach the log group some time after they happen: each read goes back this far before the last one.</summary>
    public static readonly TimeSpan ReadMargin = TimeSpan.FromMinutes(5);

    const int SaveBatchSize = 500;

    readonly TimeProvider _time = time ?? TimeProvider.System;
    DateTimeOffset? _since;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await board.SamplesAsync();
        while (!stoppingToken.IsCancellationRequested)
        {
            var target = locate();
            if (target == EventsLogGroupTarget.None) return;
            try
            {
                await (target switch
                {
                    { Known: false } => Wait("Waiting for AWS discovery to name the events log group.", TimeSpan.FromSeconds(2), stoppingToken),
                    { Name: null } => Wait(target.Missing ?? "No events log group is known.", Refresh, stoppingToken, NoteLevel.Warning),
                    _ => ReadThenWaitAsync(target.Name, stoppingToken),
                });
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    TimeSpan Refresh => TimeSpan.FromSeconds(options.RefreshSeconds);

    Task Wait(string note, TimeSpan delay, CancellationToken ct, NoteLevel level = NoteLevel.Info)
    {
        board.ReportNote(Source, level, note);
        return Task.Delay(delay, _time, ct);
    }

    async Task ReadThenWaitAsync(string logGroup, CancellationToken ct)
    {
        string note;
        var level = NoteLevel.Info;
        try
        {
            var read = await ReadOnceAsync(logGroup, ct);
            note = read;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            level = NoteLevel.Warning;
            note = Describe(logGroup, e, options.RefreshSeconds);
            logger.LogWarning("Start times: reading {LogGroup} failed: {Message}", logGroup, e.Message);
        }
        await Wait(note, Refresh, ct, level);
    }

    /// <summary>One read of the group since the last one; returns the note that describes it.</summary>
    public async Task<string> ReadOnceAsync(string logGroup, CancellationToken ct)
    {
        if (reader is null) throw new InvalidOperationException("no CloudWatch Logs client is configured");
        var startedAt = _time.GetUtcNow();
        var tally = new InputTally();
        // The group holds one cluster's events already (the EventBridge rule filters on it).
        var intake = new EventIntake(cluster: null, tally);
        var batch = new List<TaskStartSample>(SaveBatchSize);
        int added = 0, updated = 0;
        async Task SaveBatchAsync()
        {
            var saved = await board.SaveAsync(batch, ct);
            added += saved.Count(s => s.Result == SaveResult.Added);
            updated += saved.Count(s => s.Result == SaveResult.Updated);
            batch.Clear();
        }

        await foreach (var sample in LogGroupEventReader.ReadAsync(reader, logGroup, _since, intake, ct))
        {
            batch.Add(sample);
            if (batch.Count >= SaveBatchSize) await SaveBatchAsync();
        }
        await SaveBatchAsync();
        var window = _since is { } since ? $"events since {since.UtcDateTime:HH:mm:ss}" : "every event";
        _since = startedAt - ReadMargin;

        var text = $"Read {logGroup} at {startedAt.UtcDateTime:HH:mm:ss} UTC ({window}): {Plural(tally.TaskEvents, "task event")}, "
            + $"{Plural(added, "task")} new, {updated} updated. Read again every {options.RefreshSeconds:0.#} s.";
        if (tally.OtherKinds > 0) text += $" {Plural(tally.OtherKinds, "message")} of another kind ignored.";
        if (tally.Malformed > 0) text += $" {Plural(tally.Malformed, "message")} could not be read (first: {tally.MalformedExamples[0]}).";
        return text;
    }

    /// <summary>What went wrong, and what to do about it.</summary>
    static string Describe(string logGroup, Exception e, double refreshSeconds) => e switch
    {
        AwsServiceException { Code: "ResourceNotFoundException" } or LogGroupNotFoundException =>
            $"The events log group {logGroup} does not exist, so start times come only from the tasks the dashboard watches and from imports. "
            + "Deploy the event capture (infra/workshop.yaml) or set Aws:EventsLogGroup.",
        AwsServiceException { Code: "AccessDeniedException" or "AccessDenied" or "UnauthorizedOperation" } or AwsServiceException { HttpStatus: 403 } =>
            $"Not allowed to read {logGroup} ({e.Message.TrimEnd('.')}). Allow logs:DescribeLogStreams and logs:GetLogEvents on it.",
        _ => $"Reading {logGroup} failed: {AwsErrorText.Describe(e)} Trying again in {refreshSeconds:0.#} s.",
    };

    static string Plural(long count, string one) => count == 1 ? $"1 {one}" : $"{count} {one}s";
}
