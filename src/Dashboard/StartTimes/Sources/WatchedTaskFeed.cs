using ChaosDashboard.Experiment;
using ChaosDashboard.Live;
using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimes;

/// <summary>
/// Saves the start of every task the dashboard itself watches (the sandbox's, or the ones AWS mode
/// polls): it follows the experiment's live feed like a browser does, from a snapshot and then task
/// deltas, and resumes from its last sequence number when the feed cuts it off.
/// </summary>
public sealed class WatchedTaskFeed(LiveExperiment live, StartTimeBoard board, StartTimeModeSources sources, ILogger<WatchedTaskFeed> logger, TimeProvider time) : BackgroundService
{
    public const string Source = "Watched tasks";

    /// <summary>
    /// Numbers the dashboard's observations in the order they were made. It starts from the clock so
    /// that after a restart new observations still rank above stored ones (highest version wins).
    /// </summary>
    long _observation = time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await board.SamplesAsync();
        if (sources.WatchedTasksRunInSimulatedTime)
            // The sandbox's own tasks start in simulated time: say so, so nobody reads them as Fargate's.
            board.ReportNote("Sandbox", NoteLevel.Info,
                $"{live.Settings.BaselineTaskDefinition} and {live.Settings.ImprovedTaskDefinition} are the sandbox's own tasks ({live.Settings.Where}): "
                + "their phases are that many times shorter than on Fargate. The socidemo families are generated samples of real-world size.");
        long seq = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var reader = live.Watch(seq, stoppingToken);
                await foreach (var message in reader.ReadAllAsync(stoppingToken))
                {
                    var views = message switch
                    {
                        { Type: "snapshot", Data: Snapshot snapshot } => snapshot.Tasks,
                        { Type: "task", Data: TaskView task } => [task],
                        _ => [],
                    };
                    var samples = views.Select(ToSample).OfType<TaskStartSample>().ToList();
                    if (samples.Count > 0) await board.SaveAsync(samples, stoppingToken);
                    // Only a saved message counts as seen: after a failed save the retry starts from it.
                    seq = message.Seq;
                }
                board.ClearNote(Source);
                // The feed ended this subscription (it fell behind): continue from the last delta seen.
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Start times: saving a watched task failed");
                board.ReportNote(Source, NoteLevel.Warning, $"The start of a watched task could not be saved: {e.Message}. Retrying.");
                try { await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>
    /// The task as a sample once its start is known: it started, or it stopped without starting (saved
    /// as never started). A task still on its way up is left until then, so it is not counted as failed.
    /// </summary>
    public TaskStartSample? ToSample(TaskView view)
    {
        if (view.StartedAt is null && !TaskLifecycle.IsStopped(view.LastStatus)) return null;
        var definition = string.IsNullOrWhiteSpace(view.TaskDefinition) || view.TaskDefinition == "?" ? null : view.TaskDefinition;
        return new TaskStartSample(view)
        {
            TaskArn = view.TaskArn,
            TaskDefinitionArn = definition,
            LastStatus = view.LastStatus,
            DesiredStatus = view.DesiredStatus,
            Version = Interlocked.Increment(ref _observation),
            StopCode = view.StopCode,
            StoppedReason = view.StoppedReason,
        };
    }
}
