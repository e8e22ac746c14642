using ChaosDashboard.Aws;
using ChaosDashboard.Aws.Ecs;
using ChaosDashboard.Aws.Errors;
using ChaosDashboard.Experiment;

namespace ChaosDashboard.AwsMode;

/// <summary>
/// One poll loop per AWS resource, serving every browser through the live model: tasks
/// (DescribeTasks), their logs (GetLogEvents on each task's stream), the table, and experiments
/// (GetExperiment). Fast while something runs, slow when idle; a failing source is shown on the page
/// and backed off with jitter while the others go on.
/// </summary>
public sealed class AwsWatcher(
    AwsClients aws, AwsWorkshop workshop, AwsModeOptions options, LiveExperiment live, ILogger<AwsWatcher> logger, TimeProvider time) : BackgroundService
{
    readonly Dictionary<string, string?> _logTokens = [];
    // Kept between polls so the table's key schema is described once, not every two seconds.
    Aws.DynamoDb.WorkshopTable? _table;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await DiscoverAsync(stoppingToken);
        await Task.WhenAll(
            Loop("ECS", PollTasksAsync, stoppingToken),
            Loop("Logs", PollLogsAsync, stoppingToken),
            Loop("DynamoDB", PollTableAsync, stoppingToken),
            Loop("FIS", PollExperimentsAsync, stoppingToken),
            Loop("Discovery", RediscoverAndRefreshAsync, stoppingToken, slowOnly: true));
    }

    /// <summary>Finds the resources; until that works the page says why and it tries again.</summary>
    async Task DiscoverAsync(CancellationToken ct)
    {
        var delay = TimeSpan.FromSeconds(5);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await DiscoverOnceAsync(ct);
                live.ClearProblem("AWS");
                return;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                live.ReportProblem("AWS", $"{AwsErrorText.Describe(e)} Retrying in {delay.TotalSeconds:0} s.");
                logger.LogWarning("AWS discovery failed: {Message}", AwsErrorText.Describe(e));
                await Task.Delay(Jitter(delay), time, ct);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 60));
            }
        }
    }

    async Task DiscoverOnceAsync(CancellationToken ct)
    {
        var resources = await new WorkshopDiscovery(aws, options).DiscoverAsync(ct);
        workshop.Resources = resources;
        live.UpdateSettings(Settings(resources));
    }

    /// <summary>
    /// The slow loop: while something was not found it looks again (the stack may be deployed after
    /// the dashboard started), and it picks up tasks and experiments started elsewhere.
    /// </summary>
    async Task RediscoverAndRefreshAsync(WorkshopResources r, CancellationToken ct)
    {
        if (r.Problems.Count > 0) await DiscoverOnceAsync(ct);
        await RefreshTasksAsync(ct);
    }

    SettingsView Settings(WorkshopResources r) => new(
        Mode: "aws",
        Where: $"AWS account {r.Account} · {r.Region}",
        Cluster: r.Cluster ?? "(not found)",
        BaselineTaskDefinition: r.BaselineFamily ?? "(not found)",
        ImprovedTaskDefinition: r.ImprovedFamily ?? "(not found)",
        Table: r.Table ?? "(not found)",
        ExperimentTemplate: r.ExperimentTemplateId ?? "(not found)",
        ItemIntervalSeconds: 30,
        Warnings: [.. options.Warnings, .. r.Problems, .. r.Network.Caution is { } caution ? [$"{caution} {r.Network.Fix}"] : Array.Empty<string>()]);

    async Task Loop(string source, Func<WorkshopResources, CancellationToken, Task> poll, CancellationToken ct, bool slowOnly = false)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            TimeSpan delay;
            try
            {
                if (workshop.Resources is { } resources) await poll(resources, ct);
                live.ClearProblem(source);
                failures = 0;
                delay = TimeSpan.FromSeconds(!slowOnly && Busy() ? options.FastPollSeconds : options.SlowPollSeconds);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                failures++;
                // Back off harder on throttling: the quotas are per account and shared with the consoles.
                var throttled = e is AwsServiceException { IsThrottling: true };
                delay = TimeSpan.FromSeconds(Math.Min(60, options.FastPollSeconds * Math.Pow(2, failures + (throttled ? 1 : 0))));
                live.ReportProblem(source, $"{AwsErrorText.Describe(e)} Retrying in {delay.TotalSeconds:0} s.");
                logger.LogWarning("{Source} poll failed: {Message}", source, AwsErrorText.Describe(e));
            }
            try
            {
                await Task.Delay(Jitter(delay), time, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // A task's last log lines and state reach AWS a little after it stops: keep polling fast for a minute.
    bool Busy() => live.HasActivity(afterStop: TimeSpan.FromMinutes(1));

    bool RecentlyStopped(TaskView task) => task.StoppedAt is { } at && time.GetUtcNow() - at < TimeSpan.FromMinutes(1);

    /// <summary>Picks up the workshop's tasks started elsewhere too (the ECS console, another dashboard).</summary>
    async Task RefreshTasksAsync(CancellationToken ct)
    {
        if (workshop.Resources is not { Cluster: { } cluster } r) return;
        foreach (var family in new[] { r.BaselineFamily, r.ImprovedFamily }.OfType<string>().Select(WorkshopResources.FamilyName))
            foreach (var arn in await aws.Ecs.ListTasksAsync(new ListTasksRequest { Cluster = cluster, Family = family, DesiredStatus = "RUNNING" }, ct))
                workshop.TrackTask(arn);
        foreach (var summary in r.ExperimentTemplateId is null ? [] : await aws.Fis.ListExperimentsAsync(r.ExperimentTemplateId, ct))
            if (summary.Id is not null && !summary.State.IsFinal) workshop.TrackExperiment(summary.Id);
    }

    async Task PollTasksAsync(WorkshopResources r, CancellationToken ct)
    {
        var known = live.Tasks().ToDictionary(t => t.TaskArn);
        var toDescribe = new List<string>();
        foreach (var arn in workshop.TaskArns)
        {
            // Stopped tasks are final: ECS forgets them after about an hour, the page keeps them.
            if (known.TryGetValue(arn, out var task)) { if (!TaskLifecycle.IsStopped(task.LastStatus)) toDescribe.Add(arn); }
            // A task the page no longer keeps (it keeps the latest ones) is not brought back.
            else if (workshop.TrackedFor(arn) > TimeSpan.FromMinutes(10)) workshop.ForgetTask(arn);
            else toDescribe.Add(arn);
        }
        if (toDescribe.Count == 0) return;
        var result = await aws.Ecs.DescribeTasksAsync(r.Cluster, toDescribe, ct);
        var now = time.GetUtcNow();
        foreach (var task in result.Tasks.Where(t => t.TaskArn is not null))
            live.ObserveTask(AwsViews.Task(task, r, options.ContainerName));
        // ECS forgets stopped tasks after about an hour: one that stopped while AWS could not be
        // reached must not stay "running" and block the next launch.
        foreach (var arn in result.MissingTasks)
            if (known.TryGetValue(arn, out var lost) && !TaskLifecycle.IsStopped(lost.LastStatus))
                live.ObserveTask(lost with
                {
                    LastStatus = "STOPPED",
                    DesiredStatus = "STOPPED",
                    StoppedAt = lost.StoppedAt ?? now,
                    StoppedReason = lost.StoppedReason ?? "ECS no longer knows this task: it stopped while the dashboard could not see it.",
                });
    }

    async Task PollLogsAsync(WorkshopResources r, CancellationToken ct)
    {
        if (r.LogGroup is null) return;
        var follow = live.Tasks().Where(t => t.TaskArn.Length > 0 && (!TaskLifecycle.IsStopped(t.LastStatus) || RecentlyStopped(t))).ToList();
        foreach (var stale in _logTokens.Keys.Except(follow.Select(t => t.TaskId)).ToList()) _logTokens.Remove(stale);
        foreach (var task in follow)
        {
            _logTokens.TryGetValue(task.TaskId, out var token);
            var stream = $"{options.LogStreamPrefix}/{options.ContainerName}/{task.TaskId}";
            try
            {
                var result = await aws.Logs.FollowStreamAsync(r.LogGroup, stream, token, (task.Began ?? time.GetUtcNow()).AddMinutes(-1), ct);
                // The token moves only after a whole read succeeded: a failed read is repeated, never half-applied.
                foreach (var e in result.Events) live.AppendLog(task.TaskId, e.Time, e.Message.TrimEnd('\n', '\r'));
                _logTokens[task.TaskId] = result.ForwardToken;
            }
            catch (AwsServiceException e) when (e.Code == "ResourceNotFoundException" && token is null)
            {
                // The stream appears when the container first writes; until then there is nothing to read.
            }
        }
    }

    async Task PollTableAsync(WorkshopResources r, CancellationToken ct)
    {
        if (r.Table is null) return;
        if (_table?.TableName != r.Table) _table = aws.OpenWorkshopTable(r.Table);
        var table = _table;
        // A read that was under way when the table was cleared describes the old trial: drop it.
        var trial = live.Trial;
        var items = await table.ReadAllItemsAsync(ct);
        live.ObserveTable(items.Select(AwsViews.Item).OfType<TableItemObservation>().ToList(), trial);
    }

    async Task PollExperimentsAsync(WorkshopResources r, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        foreach (var id in workshop.ExperimentIds)
        {
            var experiment = await aws.Fis.GetExperimentAsync(id, ct);
            IReadOnlyList<string> targets = [];
            if (experiment.State.Status is "running" or "completed" or "stopped" or "stopping")
                targets = await ResolvedTaskIdsAsync(experiment, ct);
            live.ObserveExperiment(AwsViews.Experiment(experiment, targets, now));
            if (experiment.State.IsFinal) workshop.ForgetExperiment(id);
        }
    }

    /// <summary>The tasks an experiment hit; from the template's targets when the listing is not allowed.</summary>
    async Task<IReadOnlyList<string>> ResolvedTaskIdsAsync(Aws.Fis.FisExperiment experiment, CancellationToken ct)
    {
        try
        {
            var resolved = await aws.Fis.ListExperimentResolvedTargetsAsync(experiment.Id!, null, ct);
            return AwsViews.TaskIds(resolved.SelectMany(t => t.TargetInformation.Values));
        }
        catch (AwsServiceException)
        {
            return AwsViews.TaskIds(experiment.Targets.Values.SelectMany(t => t.ResourceArns));
        }
    }

    static TimeSpan Jitter(TimeSpan delay) => delay * (0.8 + Random.Shared.NextDouble() * 0.4);
}
