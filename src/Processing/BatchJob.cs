namespace ChaosDashboard.Processing;

/// <summary>
/// The processing loop of the workshop's batch task: every interval it writes the next item of the
/// batch into the table and logs it in the workshop's wording, plus one structured line per event.
/// </summary>
/// <remarks>
/// Two tokens separate the two ways a task ends. <c>stopRequested</c> is SIGTERM (what ECS sends when
/// FIS stops the task): the job finishes the write in flight, starts no new item, logs where it was
/// and returns. A hard kill (SIGKILL) needs no handling: every write is one atomic single-item write,
/// so the table never holds a half-written item.
/// </remarks>
public sealed class BatchJob(IItemTable table, BatchJobOptions options, Action<string> log, TimeProvider? time = null)
{
    readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<BatchJobResult> RunAsync(CancellationToken stopRequested)
    {
        if (options.BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(options), "BatchSize must be positive.");
        log("Starting batch job");

        var start = 0;
        if (options.Mode == BatchMode.Checkpoint)
        {
            var highest = await table.FindHighestIndexAsync(CancellationToken.None);
            start = highest is { } h ? h + 1 : 0;
            log($"Continuing at {start}");
        }
        // The start index travels in the structured line, so a reader never has to parse the prose above.
        Structured(JobLogLine.Start, start, null, null);

        int written = 0, skipped = 0;
        for (var index = start; index < options.BatchSize; index++)
        {
            if (!await WaitAsync(options.Interval, stopRequested))
                return Stopped(start, written, skipped, index);

            var (outcome, attempt) = await WriteAsync(index, stopRequested);
            if (outcome == JobLogLine.Skipped)
            {
                skipped++;
                log($"Skipped item {index}: another run already wrote it");
            }
            else
            {
                written++;
                log($"Successfully PUT item {index} out of {options.BatchSize} into DDB");
            }
            Structured(JobLogLine.Item, index, attempt, outcome);
        }

        log($"Batch job finished: {written} written, {skipped} skipped");
        Structured(JobLogLine.Done, options.BatchSize, null, null);
        return new BatchJobResult(start, written, skipped, Interrupted: false, NextIndex: options.BatchSize);
    }

    BatchJobResult Stopped(int start, int written, int skipped, int next)
    {
        log($"Stop requested: exiting before item {next} ({written} written in this run)");
        Structured(JobLogLine.Stop, next, null, null);
        return new BatchJobResult(start, written, skipped, Interrupted: true, NextIndex: next);
    }

    async Task<(string Outcome, int Attempt)> WriteAsync(int index, CancellationToken stopRequested)
    {
        for (var attempt = 1; ; attempt++)
        {
            var item = new ItemWrite(index, options.TaskId, _time.GetUtcNow());
            try
            {
                if (options.Mode == BatchMode.Baseline)
                {
                    var writes = await table.PutAsync(item, CancellationToken.None);
                    return (writes > 1 ? JobLogLine.Overwritten : JobLogLine.Written, attempt);
                }
                // A retry after a timeout may find its own earlier write: the condition keeps it single.
                var wrote = await table.PutIfAbsentAsync(item, CancellationToken.None);
                return (wrote ? JobLogLine.Written : JobLogLine.Skipped, attempt);
            }
            catch (Exception e) when (attempt < options.MaxAttemptsPerItem && IsTransient(e) && !stopRequested.IsCancellationRequested)
            {
                log($"Write of item {index} failed ({e.GetType().Name}: {e.Message}); retrying");
                await WaitAsync(TimeSpan.FromMilliseconds(200 * attempt), stopRequested);
            }
        }
    }

    static bool IsTransient(Exception e) => e is TimeoutException or HttpRequestException or IOException
        || e.GetType().Name is "ProvisionedThroughputExceededException" or "ThrottlingException" or "InternalServerErrorException" or "RequestLimitExceededException";

    async Task<bool> WaitAsync(TimeSpan delay, CancellationToken stopRequested)
    {
        if (stopRequested.IsCancellationRequested) return false;
        try
        {
            await Task.Delay(delay, _time, stopRequested);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    void Structured(string kind, int? index, int? attempt, string? outcome) => log(new JobLogLine
    {
        Event = kind,
        TaskId = options.TaskId,
        Index = index,
        Of = kind == JobLogLine.Item ? options.BatchSize : null,
        Attempt = attempt,
        Outcome = outcome,
        Mode = kind == JobLogLine.Start ? options.Mode.ToString().ToLowerInvariant() : null,
        At = JobLogLine.FormatTime(_time.GetUtcNow()),
    }.ToJson());
}
