using ChaosDashboard.Access;
using ChaosDashboard.Experiment;

namespace ChaosDashboard.Benchmarks;

/// <summary>
/// For benchmarks and the burst test only, and only when <c>Benchmark:LogBurst</c> is true: feeds
/// numbered log lines into the live model at a chosen rate, faster than any task writes (the sandbox
/// tops out near a thousand changes a second), to see how the pages cope.
/// </summary>
public static class LogBurstEndpoint
{
    public sealed record BurstRequest(int Lines, int PerSecond, string? TaskId);

    public static IEndpointRouteBuilder MapLogBurst(this IEndpointRouteBuilder routes, IConfiguration configuration)
    {
        if (!configuration.GetValue<bool>("Benchmark:LogBurst")) return routes;
        routes.MapPost("/api/benchmark/log-burst", (BurstRequest request, LiveExperiment live, TimeProvider time, IHostApplicationLifetime lifetime) =>
        {
            if (request.Lines is < 1 or > 1_000_000 || request.PerSecond is < 1 or > 100_000)
                return Results.BadRequest(ActionOutcome.Failed("lines must be 1 to 1,000,000 and perSecond 1 to 100,000."));
            var taskId = request.TaskId ?? "burst000000000000000000000000000";
            var started = time.GetUtcNow();
            _ = Task.Run(() => FeedAsync(live, time, taskId, request.Lines, request.PerSecond, lifetime.ApplicationStopping));
            return Results.Ok(new { started, request.Lines, request.PerSecond });
        }).RequireOperator();
        return routes;
    }

    /// <summary>Writes the lines in 10 ms slices, each line saying its number and when it was written.</summary>
    static async Task FeedAsync(LiveExperiment live, TimeProvider time, string taskId, int lines, int perSecond, CancellationToken stop)
    {
        var start = time.GetTimestamp();
        for (var written = 0; written < lines && !stop.IsCancellationRequested;)
        {
            var due = Math.Min(lines, (int)(time.GetElapsedTime(start).TotalSeconds * perSecond) + 1);
            for (; written < due; written++)
            {
                var now = time.GetUtcNow();
                live.AppendLog(taskId, now, $"burst line {written + 1} of {lines} at {now.ToUnixTimeMilliseconds()}");
            }
            await Task.Delay(10, stop).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
