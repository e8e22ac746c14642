using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using ChaosDashboard.Batch;
using ChaosDashboard.Worker;

namespace ChaosDashboard.FakeAws;

/// <summary>
/// One Fargate task of the fake ECS. It walks ECS's lifecycle (PROVISIONING → PENDING → ACTIVATING →
/// RUNNING → DEACTIVATING → STOPPING → DEPROVISIONING → STOPPED) and, while RUNNING, runs the real
/// processing loop against the DynamoDB table through the worker's own table code, writing its
/// lines to the task's log stream. StopTask is the container's SIGTERM.
/// </summary>
public sealed class FakeTask
{
    readonly Lock _lock = new();
    readonly CancellationTokenSource _sigterm = new();
    readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly FakeAwsOptions _options;
    readonly FakeLogs _logs;
    readonly IAmazonDynamoDB? _dynamoDb;
    readonly string _subnet;
    readonly string _privateIp;
    readonly Dictionary<string, string> _tags;
    readonly Guid _containerId = Guid.NewGuid(), _attachmentId = Guid.NewGuid();

    string _lastStatus = "PROVISIONING";
    string _desiredStatus = "RUNNING";
    string? _stopCode, _stoppedReason, _containerStatus = "PENDING";
    int? _exitCode;
    long _version = 1;
    DateTimeOffset? _pullStartedAt, _pullStoppedAt, _startedAt, _connectivityAt, _stoppingAt, _executionStoppedAt, _stoppedAt;

    internal FakeTask(FakeAwsOptions options, FakeLogs logs, IAmazonDynamoDB? dynamoDb, string cluster, string family,
        string subnet, IReadOnlyDictionary<string, string> tags, string? startedBy)
    {
        _options = options;
        _logs = logs;
        _dynamoDb = dynamoDb;
        _subnet = subnet;
        _tags = new Dictionary<string, string>(tags);
        Id = Ids.Hex32();
        Cluster = cluster;
        Family = family;
        StartedBy = startedBy;
        CreatedAt = DateTimeOffset.UtcNow;
        _privateIp = $"10.0.{Random.Shared.Next(128, 192)}.{Random.Shared.Next(2, 250)}";
    }

    public string Id { get; }
    public string Cluster { get; }
    public string Family { get; }
    public string? StartedBy { get; }
    public DateTimeOffset CreatedAt { get; }

    /// <summary>The subnet ECS placed the task's network interface in.</summary>
    public string Subnet => _subnet;
    public string Arn => $"arn:aws:ecs:{_options.Region}:{_options.Account}:task/{Cluster}/{Id}";
    public string ClusterArn => $"arn:aws:ecs:{_options.Region}:{_options.Account}:cluster/{Cluster}";
    public string TaskDefinitionArn => $"arn:aws:ecs:{_options.Region}:{_options.Account}:task-definition/{Family}:1";

    /// <summary>awslogs names streams prefix/container/taskId.</summary>
    public string LogStream => $"{_options.LogStreamPrefix}/{_options.ContainerName}/{Id}";

    public bool IsImproved => Family == _options.ImprovedFamily;

    public string LastStatus
    {
        get { lock (_lock) return _lastStatus; }
    }

    public string DesiredStatus
    {
        get { lock (_lock) return _desiredStatus; }
    }

    public string? StopCode
    {
        get { lock (_lock) return _stopCode; }
    }

    public string? StoppedReason
    {
        get { lock (_lock) return _stoppedReason; }
    }

    public IReadOnlyDictionary<string, string> Tags
    {
        get { lock (_lock) return new Dictionary<string, string>(_tags); }
    }

    /// <summary>Completes once the task is STOPPED.</summary>
    public Task Stopped => _stopped.Task;

    internal void Start() => _ = Task.Run(RunLifecycleAsync);

    /// <summary>What StopTask does: desired status STOPPED, the reason kept, SIGTERM to the container.</summary>
    internal void Stop(string reason)
    {
        lock (_lock)
        {
            if (_desiredStatus == "STOPPED") return;
            _desiredStatus = "STOPPED";
            _stopCode = "UserInitiated";
            _stoppedReason = reason;
            _stoppingAt = DateTimeOffset.UtcNow;
            _version++;
            // Logged before the cancellation, so it precedes whatever the job logs as it stops.
            if (_containerStatus == "RUNNING") _logs.Append(LogStream, "Received SIGTERM: finishing the write in flight, then stopping");
        }
        _sigterm.Cancel();
    }

    async Task RunLifecycleAsync()
    {
        var sigterm = _sigterm.Token;
        if (await Step(sigterm))
        {
            Change("PENDING", () => _pullStartedAt = DateTimeOffset.UtcNow);
            if (await Step(sigterm))
            {
                Change("ACTIVATING", () => _pullStoppedAt = DateTimeOffset.UtcNow);
                if (await Step(sigterm))
                {
                    Change("RUNNING", () =>
                    {
                        _startedAt = _connectivityAt = DateTimeOffset.UtcNow;
                        _containerStatus = "RUNNING";
                    });
                    await RunContainerAsync(sigterm);
                }
            }
        }

        Change("DEACTIVATING", () =>
        {
            _desiredStatus = "STOPPED";
            _stoppingAt ??= DateTimeOffset.UtcNow;
            _containerStatus = "STOPPED";
        });
        await Task.Delay(_options.LifecycleStep);
        Change("STOPPING", () => { });
        await Task.Delay(_options.LifecycleStep);
        Change("DEPROVISIONING", () => _executionStoppedAt = DateTimeOffset.UtcNow);
        await Task.Delay(_options.LifecycleStep);
        Change("STOPPED", () => _stoppedAt = DateTimeOffset.UtcNow);
        _stopped.TrySetResult();
    }

    /// <summary>The container: the worker's first line, then the batch job, as the worker process runs it.</summary>
    async Task RunContainerAsync(CancellationToken sigterm)
    {
        void Log(string line) => _logs.Append(LogStream, line);
        var mode = IsImproved ? BatchMode.Checkpoint : BatchMode.Baseline;
        try
        {
            if (_dynamoDb is null) throw new InvalidOperationException("the fake has no DynamoDB endpoint");
            Log(string.Create(CultureInfo.InvariantCulture,
                $"Worker {Id}: table {_options.TableName}, batch {WorkerSettings.DefaultBatchId}, mode {mode.ToString().ToLowerInvariant()}, {_options.BatchSize} items every {_options.ItemInterval.TotalSeconds} s"));
            var table = new DynamoItemTable(_dynamoDb, _options.TableName, WorkerSettings.DefaultBatchId);
            var job = new BatchJob(table, new BatchJobOptions
            {
                TaskId = Id,
                Mode = mode,
                BatchSize = _options.BatchSize,
                Interval = _options.ItemInterval,
            }, Log);
            var result = await job.RunAsync(sigterm);
            Exited(0, result.Interrupted);
        }
        catch (Exception e)
        {
            // As the worker does: one line on stderr, which awslogs ships to the same stream, and exit code 1.
            Log($"worker: batch job failed: {e.GetType().Name}: {e.Message}");
            Exited(1, interrupted: false);
        }
    }

    void Exited(int exitCode, bool interrupted) => Change(null, () =>
    {
        _exitCode = exitCode;
        _containerStatus = "STOPPED";
        if (!interrupted && _stopCode is null)
            (_stopCode, _stoppedReason) = ("EssentialContainerExited", "Essential container in task exited");
    });

    async Task<bool> Step(CancellationToken sigterm)
    {
        try
        {
            await Task.Delay(_options.LifecycleStep, sigterm);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    void Change(string? lastStatus, Action change)
    {
        lock (_lock)
        {
            change();
            if (lastStatus is not null) _lastStatus = lastStatus;
            _version++;
        }
    }

    /// <summary>The task as DescribeTasks, RunTask and StopTask answer it.</summary>
    internal JsonObject ToJson(bool includeTags)
    {
        lock (_lock)
        {
            var task = new JsonObject
            {
                ["taskArn"] = Arn,
                ["clusterArn"] = ClusterArn,
                ["taskDefinitionArn"] = TaskDefinitionArn,
                ["group"] = $"family:{Family}",
                ["launchType"] = "FARGATE",
                ["platformVersion"] = "1.4.0",
                ["platformFamily"] = "Linux",
                ["cpu"] = "256",
                ["memory"] = "512",
                ["availabilityZone"] = $"{_options.Region}a",
                ["connectivity"] = _connectivityAt is null ? null : "CONNECTED",
                ["connectivityAt"] = AwsTime.Seconds(_connectivityAt),
                ["lastStatus"] = _lastStatus,
                ["desiredStatus"] = _desiredStatus,
                ["createdAt"] = AwsTime.Seconds(CreatedAt),
                ["pullStartedAt"] = AwsTime.Seconds(_pullStartedAt),
                ["pullStoppedAt"] = AwsTime.Seconds(_pullStoppedAt),
                ["startedAt"] = AwsTime.Seconds(_startedAt),
                ["stoppingAt"] = AwsTime.Seconds(_stoppingAt),
                ["executionStoppedAt"] = AwsTime.Seconds(_executionStoppedAt),
                ["stoppedAt"] = AwsTime.Seconds(_stoppedAt),
                ["stopCode"] = _stopCode,
                ["stoppedReason"] = _stoppedReason,
                ["startedBy"] = StartedBy,
                ["version"] = _version,
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["containerArn"] = $"arn:aws:ecs:{_options.Region}:{_options.Account}:container/{Cluster}/{Id}/{_containerId}",
                    ["taskArn"] = Arn,
                    ["name"] = _options.ContainerName,
                    ["image"] = $"{_options.Account}.dkr.ecr.{_options.Region}.amazonaws.com/batch-job:latest",
                    ["lastStatus"] = _containerStatus,
                    ["exitCode"] = _exitCode,
                    ["reason"] = _exitCode is 1 ? "Essential container exited with code 1" : null,
                }),
                ["attachments"] = new JsonArray(new JsonObject
                {
                    ["id"] = _attachmentId.ToString(),
                    ["type"] = "ElasticNetworkInterface",
                    ["status"] = _lastStatus switch { "PROVISIONING" => "PRECREATED", "STOPPED" => "DELETED", _ => "ATTACHED" },
                    ["details"] = new JsonArray(
                        new JsonObject { ["name"] = "subnetId", ["value"] = _subnet },
                        new JsonObject { ["name"] = "privateIPv4Address", ["value"] = _privateIp }),
                }),
            };
            if (includeTags)
                task["tags"] = new JsonArray(_tags.Select(t => (JsonNode?)new JsonObject { ["key"] = t.Key, ["value"] = t.Value }).ToArray());
            // AWS leaves out members it has no value for rather than sending null.
            foreach (var empty in task.Where(p => p.Value is null).Select(p => p.Key).ToList()) task.Remove(empty);
            foreach (var container in task["containers"]!.AsArray().OfType<JsonObject>())
                foreach (var empty in container.Where(p => p.Value is null).Select(p => p.Key).ToList()) container.Remove(empty);
            return task;
        }
    }
}
