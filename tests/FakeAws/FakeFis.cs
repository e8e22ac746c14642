using System.Text.Json.Nodes;

namespace ChaosDashboard.FakeAws;

/// <summary>One experiment of the fake FIS, as the test sees it.</summary>
public sealed record FakeExperiment(string Id, string Status, string? Reason, IReadOnlyList<string> TargetTaskArns);

/// <summary>
/// FIS with the workshop's template: tag Name=FisWorkshopECSTask, one action StopECSTask of type
/// aws:ecs:stop-task on the running tasks tagged fisTarget=true. An experiment walks pending →
/// initiating → running → completed; with no target it fails, as FIS does.
/// </summary>
public sealed class FakeFis(FakeAwsOptions options, FakeEcs ecs)
{
    public const string TemplateId = "EXT4fakeWorkshop1";
    public const string TemplateName = "FisWorkshopECSTask";
    public const string ActionName = "StopECSTask";
    public const string ActionId = "aws:ecs:stop-task";
    public const string TargetName = "FisWorkshopTaskTargets";

    sealed class Experiment
    {
        public required string Id { get; init; }
        public required DateTimeOffset CreationTime { get; init; }
        public required IReadOnlyDictionary<string, string> Tags { get; init; }
        public string Status = "pending";
        public string? Reason;
        public string? ErrorCode;
        public string ActionStatus = "pending";
        public string? ActionReason;
        public DateTimeOffset? StartTime, EndTime, ActionStart, ActionEnd;
        public List<string> Targets = [];
    }

    readonly Lock _lock = new();
    readonly List<Experiment> _experiments = [];
    readonly Dictionary<string, Experiment> _byClientToken = new(StringComparer.Ordinal);
    readonly DateTimeOffset _templateCreated = DateTimeOffset.UtcNow.AddDays(-3);

    public IReadOnlyList<FakeExperiment> Experiments
    {
        get
        {
            lock (_lock) return _experiments.Select(e => new FakeExperiment(e.Id, e.Status, e.Reason, e.Targets.ToList())).ToList();
        }
    }

    /// <summary>The operation was chosen by method and path; <paramref name="call"/> carries the path's id.</summary>
    internal AwsAnswer Handle(AwsCall call) => call.Operation switch
    {
        "ListExperimentTemplates" => ListExperimentTemplates(),
        "GetExperimentTemplate" => options.HasExperimentTemplate && call.PathId == TemplateId
            ? AwsAnswer.Ok(new JsonObject { ["experimentTemplate"] = Template(full: true) })
            : NotFound("Experiment template", call.PathId),
        "StartExperiment" => StartExperiment(call),
        "GetExperiment" => WithExperiment(call, e => AwsAnswer.Ok(new JsonObject { ["experiment"] = ToJson(e) })),
        "StopExperiment" => WithExperiment(call, StopExperiment),
        "ListExperiments" => ListExperiments(call),
        "ListExperimentResolvedTargets" => WithExperiment(call, ResolvedTargets),
        _ => AwsAnswer.Error(404, "ResourceNotFoundException", $"Operation {call.Operation} is not supported by this fake."),
    };

    static AwsAnswer NotFound(string what, string? id) => AwsAnswer.Error(404, "ResourceNotFoundException", $"{what} {id} not found.");

    AwsAnswer WithExperiment(AwsCall call, Func<Experiment, AwsAnswer> then)
    {
        Experiment? experiment;
        lock (_lock) experiment = _experiments.FirstOrDefault(e => e.Id == call.PathId);
        if (experiment is null) return NotFound("Experiment", call.PathId);
        lock (_lock) return then(experiment);
    }

    JsonObject Template(bool full)
    {
        var template = new JsonObject
        {
            ["id"] = TemplateId,
            ["arn"] = $"arn:aws:fis:{options.Region}:{options.Account}:experiment-template/{TemplateId}",
            ["description"] = "Stop ECS Task during processing",
            ["creationTime"] = AwsTime.Seconds(_templateCreated),
            ["lastUpdateTime"] = AwsTime.Seconds(_templateCreated),
            ["tags"] = new JsonObject { ["Name"] = TemplateName },
        };
        if (full)
        {
            template["roleArn"] = $"arn:aws:iam::{options.Account}:role/FisWorkshopServiceRole";
            template["targets"] = Targets([]);
            template["actions"] = new JsonObject
            {
                [ActionName] = new JsonObject { ["actionId"] = ActionId, ["targets"] = new JsonObject { ["Tasks"] = TargetName } },
            };
            template["stopConditions"] = new JsonArray(new JsonObject { ["source"] = "none" });
        }
        return template;
    }

    JsonObject Targets(IEnumerable<string> resolvedArns) => new()
    {
        [TargetName] = new JsonObject
        {
            ["resourceType"] = "aws:ecs:task",
            ["resourceArns"] = new JsonArray(resolvedArns.Select(a => (JsonNode?)a).ToArray()),
            ["resourceTags"] = new JsonObject { ["fisTarget"] = "true" },
            ["selectionMode"] = "ALL",
            ["parameters"] = new JsonObject { ["cluster"] = options.Clusters.FirstOrDefault() ?? "FisStackECS-Cluster" },
        },
    };

    AwsAnswer ListExperimentTemplates() => AwsAnswer.Ok(new JsonObject
    {
        ["experimentTemplates"] = options.HasExperimentTemplate ? new JsonArray(Template(full: false)) : new JsonArray(),
    });

    AwsAnswer StartExperiment(AwsCall call)
    {
        if (call.String("clientToken") is not { Length: > 0 } token)
            return AwsAnswer.Error(400, "ValidationException", "1 validation error detected: Value null at 'clientToken' failed to satisfy constraint: Member must not be null");
        if (!options.HasExperimentTemplate || call.String("experimentTemplateId") != TemplateId)
            return NotFound("Experiment template", call.String("experimentTemplateId"));

        Experiment experiment;
        lock (_lock)
        {
            if (_byClientToken.TryGetValue(token, out var earlier))
                return AwsAnswer.Ok(new JsonObject { ["experiment"] = ToJson(earlier) });
            if (_experiments.Count(e => e.Status is "pending" or "initiating" or "running" or "stopping") >= 5)
                return AwsAnswer.Error(402, "ServiceQuotaExceededException", "You have reached the maximum number of running experiments.");
            experiment = new Experiment
            {
                Id = "EXP" + Ids.Alnum(17),
                CreationTime = DateTimeOffset.UtcNow,
                Tags = call.Body["tags"] is JsonObject tags
                    ? tags.ToDictionary(t => t.Key, t => t.Value?.GetValue<string>() ?? "")
                    : new Dictionary<string, string>(),
            };
            _experiments.Add(experiment);
            _byClientToken[token] = experiment;
        }
        _ = Task.Run(() => RunAsync(experiment));
        lock (_lock) return AwsAnswer.Ok(new JsonObject { ["experiment"] = ToJson(experiment) });
    }

    async Task RunAsync(Experiment e)
    {
        await Task.Delay(options.ExperimentStep);
        lock (_lock)
        {
            if (e.Status != "pending") return;
            e.Status = "initiating";
            e.StartTime = DateTimeOffset.UtcNow;
        }
        await Task.Delay(options.ExperimentStep);

        // Targets are resolved as the experiment starts running: the tasks tagged fisTarget=true.
        var targets = ecs.RunningTasksTagged("fisTarget", "true");
        lock (_lock)
        {
            if (e.Status != "initiating") return;
            if (targets.Count == 0)
            {
                e.Status = "failed";
                e.Reason = $"Target resolution returned no resources for target {TargetName}: no running ECS task is tagged fisTarget=true.";
                e.ErrorCode = "TargetResolutionFailed";
                e.ActionStatus = "cancelled";
                e.ActionReason = "Experiment failed.";
                e.EndTime = DateTimeOffset.UtcNow;
                return;
            }
            e.Targets = targets.Select(t => t.Arn).ToList();
            e.Status = "running";
            e.Reason = "Experiment is running.";
            e.ActionStatus = "running";
            e.ActionStart = DateTimeOffset.UtcNow;
        }
        await Task.Delay(options.ExperimentStep);

        lock (_lock)
        {
            if (e.Status != "running") return;
        }
        foreach (var task in targets) ecs.Stop(task.Arn, $"Task stopped by AWS FIS (Experiment ID: {e.Id})");
        await Task.Delay(options.ExperimentStep);
        lock (_lock)
        {
            if (e.Status != "running") return;
            e.ActionStatus = "completed";
            e.ActionReason = "Action was completed.";
            e.ActionEnd = e.EndTime = DateTimeOffset.UtcNow;
            e.Status = "completed";
            e.Reason = "Experiment completed.";
        }
    }

    AwsAnswer StopExperiment(Experiment e)
    {
        if (e.Status is "pending" or "initiating" or "running")
        {
            e.Status = "stopped";
            e.Reason = "Experiment stopped.";
            if (e.ActionStatus is "pending" or "running") e.ActionStatus = "stopped";
            e.EndTime = e.ActionEnd = DateTimeOffset.UtcNow;
        }
        return AwsAnswer.Ok(new JsonObject { ["experiment"] = ToJson(e) });
    }

    AwsAnswer ListExperiments(AwsCall call)
    {
        var templateId = call.Query["experimentTemplateId"].FirstOrDefault();
        lock (_lock)
        {
            var list = _experiments.Where(e => templateId is null || templateId == TemplateId).Select(e => (JsonNode?)new JsonObject
            {
                ["id"] = e.Id,
                ["arn"] = Arn(e),
                ["experimentTemplateId"] = TemplateId,
                ["state"] = State(e),
                ["creationTime"] = AwsTime.Seconds(e.CreationTime),
                ["tags"] = Tags(e),
            });
            return AwsAnswer.Ok(new JsonObject { ["experiments"] = new JsonArray(list.ToArray()) });
        }
    }

    AwsAnswer ResolvedTargets(Experiment e) => AwsAnswer.Ok(new JsonObject
    {
        ["resolvedTargets"] = new JsonArray(e.Targets.Select(arn => (JsonNode?)new JsonObject
        {
            ["resourceType"] = "aws:ecs:task",
            ["targetName"] = TargetName,
            ["targetInformation"] = new JsonObject { ["arn"] = arn },
        }).ToArray()),
    });

    string Arn(Experiment e) => $"arn:aws:fis:{options.Region}:{options.Account}:experiment/{e.Id}";

    static JsonObject Tags(Experiment e) => new(e.Tags.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value)));

    JsonObject State(Experiment e)
    {
        var state = new JsonObject { ["status"] = e.Status };
        if (e.Reason is not null) state["reason"] = e.Reason;
        if (e.ErrorCode is not null)
            state["error"] = new JsonObject { ["accountId"] = options.Account, ["code"] = e.ErrorCode, ["location"] = TargetName };
        return state;
    }

    JsonObject ToJson(Experiment e)
    {
        var action = new JsonObject
        {
            ["actionId"] = ActionId,
            ["description"] = "Stop the tasks tagged fisTarget=true",
            ["targets"] = new JsonObject { ["Tasks"] = TargetName },
            ["state"] = e.ActionReason is null
                ? new JsonObject { ["status"] = e.ActionStatus }
                : new JsonObject { ["status"] = e.ActionStatus, ["reason"] = e.ActionReason },
        };
        if (e.ActionStart is { } start) action["startTime"] = AwsTime.Seconds(start);
        if (e.ActionEnd is { } end) action["endTime"] = AwsTime.Seconds(end);
        var experiment = new JsonObject
        {
            ["id"] = e.Id,
            ["arn"] = Arn(e),
            ["experimentTemplateId"] = TemplateId,
            ["roleArn"] = $"arn:aws:iam::{options.Account}:role/FisWorkshopServiceRole",
            ["state"] = State(e),
            ["targets"] = Targets(e.Targets),
            ["actions"] = new JsonObject { [ActionName] = action },
            ["stopConditions"] = new JsonArray(new JsonObject { ["source"] = "none" }),
            ["creationTime"] = AwsTime.Seconds(e.CreationTime),
            ["tags"] = Tags(e),
        };
        if (e.StartTime is { } started) experiment["startTime"] = AwsTime.Seconds(started);
        if (e.EndTime is { } ended) experiment["endTime"] = AwsTime.Seconds(ended);
        return experiment;
    }
}
