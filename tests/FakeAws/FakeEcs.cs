using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;

namespace ChaosDashboard.FakeAws;

/// <summary>
/// ECS with the workshop's cluster and two task definitions (baseline and improved), running tasks
/// on simulated Fargate. Answers the JSON operations the dashboard uses, with ECS's error codes.
/// </summary>
public sealed class FakeEcs(FakeAwsOptions options, FakeLogs logs, IAmazonDynamoDB? dynamoDb)
{
    readonly Lock _lock = new();
    readonly List<FakeTask> _tasks = [];
    // RunTask's clientToken: the same token within a day returns the first call's tasks.
    readonly Dictionary<string, FakeTask> _byClientToken = new(StringComparer.Ordinal);
    readonly DateTimeOffset _registeredAt = DateTimeOffset.UtcNow.AddDays(-3);

    /// <summary>Every task started so far, oldest first.</summary>
    public IReadOnlyList<FakeTask> Tasks
    {
        get { lock (_lock) return _tasks.ToList(); }
    }

    IEnumerable<string> Families => [options.BaselineFamily, options.ImprovedFamily];

    internal AwsAnswer Handle(AwsCall call) => call.Operation switch
    {
        "ListClusters" => ListClusters(),
        "ListTaskDefinitionFamilies" => ListTaskDefinitionFamilies(call),
        "DescribeTaskDefinition" => DescribeTaskDefinition(call),
        "RunTask" => RunTask(call),
        "DescribeTasks" => DescribeTasks(call),
        "ListTasks" => ListTasks(call),
        "StopTask" => StopTask(call),
        _ => AwsAnswer.Error(400, "UnknownOperationException", $"Operation {call.Operation} is not supported by this fake."),
    };

    /// <summary>Stops the task as StopTask does; false when it is unknown or already stopping.</summary>
    public bool Stop(string taskIdOrArn, string reason)
    {
        if (Find(taskIdOrArn) is not { } task || task.DesiredStatus == "STOPPED") return false;
        task.Stop(reason);
        return true;
    }

    /// <summary>The running tasks carrying a tag, as FIS resolves a target by resource tag.</summary>
    internal IReadOnlyList<FakeTask> RunningTasksTagged(string key, string value) =>
        Tasks.Where(t => t.LastStatus == "RUNNING" && t.DesiredStatus == "RUNNING" && t.Tags.GetValueOrDefault(key) == value).ToList();

    FakeTask? Find(string idOrArn)
    {
        var id = idOrArn[(idOrArn.LastIndexOf('/') + 1)..];
        lock (_lock) return _tasks.FirstOrDefault(t => t.Id == id);
    }

    string? ClusterName(string? nameOrArn)
    {
        var name = nameOrArn is null ? "default" : nameOrArn[(nameOrArn.LastIndexOf('/') + 1)..];
        return options.Clusters.Contains(name) ? name : null;
    }

    static AwsAnswer ClusterNotFound() => AwsAnswer.Error(400, "ClusterNotFoundException", "Cluster not found.");

    AwsAnswer ListClusters() => AwsAnswer.Ok(new JsonObject
    {
        ["clusterArns"] = new JsonArray(options.Clusters
            .Select(c => (JsonNode?)$"arn:aws:ecs:{options.Region}:{options.Account}:cluster/{c}").ToArray()),
    });

    AwsAnswer ListTaskDefinitionFamilies(AwsCall call)
    {
        var prefix = call.String("familyPrefix") ?? "";
        var status = call.String("status") ?? "ACTIVE";
        var families = status is "ACTIVE" or "ALL" ? Families.Where(f => f.StartsWith(prefix, StringComparison.Ordinal)) : [];
        return AwsAnswer.Ok(new JsonObject { ["families"] = new JsonArray(families.Select(f => (JsonNode?)f).ToArray()) });
    }

    /// <summary>"family", "family:1" or the ARN → the family, when it is one of the workshop's with revision 1.</summary>
    string? FamilyOf(string? taskDefinition)
    {
        if (taskDefinition is null) return null;
        var name = taskDefinition[(taskDefinition.LastIndexOf('/') + 1)..];
        var colon = name.LastIndexOf(':');
        if (colon > 0)
        {
            if (name[(colon + 1)..] != "1") return null;
            name = name[..colon];
        }
        return Families.Contains(name) ? name : null;
    }

    AwsAnswer DescribeTaskDefinition(AwsCall call)
    {
        if (FamilyOf(call.String("taskDefinition")) is not { } family)
            return AwsAnswer.Error(400, "ClientException", "Unable to describe task definition.");
        var answer = new JsonObject
        {
            ["taskDefinition"] = new JsonObject
            {
                ["taskDefinitionArn"] = $"arn:aws:ecs:{options.Region}:{options.Account}:task-definition/{family}:1",
                ["family"] = family,
                ["revision"] = 1,
                ["status"] = "ACTIVE",
                ["networkMode"] = "awsvpc",
                ["requiresCompatibilities"] = new JsonArray("FARGATE"),
                ["cpu"] = "256",
                ["memory"] = "512",
                ["registeredAt"] = AwsTime.Seconds(_registeredAt),
                ["executionRoleArn"] = $"arn:aws:iam::{options.Account}:role/FisStopTaskExecutionRole",
                ["taskRoleArn"] = $"arn:aws:iam::{options.Account}:role/FisStopTaskRole",
                ["containerDefinitions"] = new JsonArray(new JsonObject
                {
                    ["name"] = options.ContainerName,
                    ["image"] = $"{options.Account}.dkr.ecr.{options.Region}.amazonaws.com/batch-job:latest",
                    ["essential"] = true,
                    ["environment"] = new JsonArray(
                        new JsonObject { ["name"] = "TABLE_NAME", ["value"] = options.TableName },
                        new JsonObject { ["name"] = "MODE", ["value"] = family == options.ImprovedFamily ? "checkpoint" : "baseline" }),
                    ["logConfiguration"] = new JsonObject
                    {
                        ["logDriver"] = "awslogs",
                        ["options"] = new JsonObject
                        {
                            ["awslogs-group"] = options.LogGroup,
                            ["awslogs-region"] = options.Region,
                            ["awslogs-stream-prefix"] = options.LogStreamPrefix,
                        },
                    },
                }),
            },
        };
        if (call.Strings("include").Contains("TAGS"))
            answer["tags"] = new JsonArray(
                new JsonObject { ["key"] = "aws:cloudformation:stack-name", ["value"] = "FisStopTaskStack" },
                // As the workshop's stack tags its task definitions, so tasks started from the console are targets too.
                new JsonObject { ["key"] = "fisTarget", ["value"] = "true" });
        return AwsAnswer.Ok(answer);
    }

    AwsAnswer RunTask(AwsCall call)
    {
        if (ClusterName(call.String("cluster")) is not { } cluster) return ClusterNotFound();
        if (FamilyOf(call.String("taskDefinition")) is not { } family)
            return AwsAnswer.Error(400, "InvalidParameterException", $"TaskDefinition not found: {call.String("taskDefinition")}.");
        var count = call.Int("count") ?? 1;
        if (count is < 1 or > 10)
            return AwsAnswer.Error(400, "InvalidParameterException", "count must be between 1 and 10.");
        if (call.String("launchType") is { } launchType && launchType != "FARGATE")
            return AwsAnswer.Error(400, "InvalidParameterException", $"Task definition does not support launch_type {launchType}.");
        if (call.String("propagateTags") is "SERVICE")
            return AwsAnswer.Error(400, "InvalidParameterException", "SERVICE is not a valid propagateTags value for RunTask.");

        var subnets = call.Body["networkConfiguration"]?["awsvpcConfiguration"]?["subnets"] is JsonArray list
            ? list.Select(s => s?.GetValue<string>()).OfType<string>().ToList()
            : [];
        if (subnets.Count == 0)
            return AwsAnswer.Error(400, "InvalidParameterException", "Network Configuration must be provided when networkMode 'awsvpc' is specified.");
        var network = options.ResolvedNetwork;
        bool Exists(string subnet) => options.Subnets.Contains(subnet) || network.Subnet(subnet) is not null;
        if (subnets.FirstOrDefault(s => !Exists(s) && !options.SubnetsWithoutFreeAddresses.Contains(s)) is { } unknown)
            return AwsAnswer.Error(400, "InvalidParameterException",
                $"Error retrieving subnet information for [{unknown}]: The subnet ID '{unknown}' does not exist (ECS Error Code: InvalidSubnetID.NotFound)");
        var groups = call.Body["networkConfiguration"]?["awsvpcConfiguration"]?["securityGroups"] is JsonArray groupList
            ? groupList.Select(g => g?.GetValue<string>()).OfType<string>().ToList()
            : [];
        if (groups.FirstOrDefault(g => network.SecurityGroup(g) is null) is { } unknownGroup)
            return AwsAnswer.Error(400, "InvalidParameterException",
                $"Error retrieving security group information for [{unknownGroup}]: The security group '{unknownGroup}' does not exist (ECS Error Code: InvalidGroup.NotFound)");
        // A task's network interface lives in one VPC: its subnets and security groups must all be there.
        var vpcs = subnets.Select(s => network.Subnet(s)?.VpcId).Concat(groups.Select(g => network.SecurityGroup(g)!.VpcId)).OfType<string>().Distinct().ToList();
        if (vpcs.Count > 1)
            return AwsAnswer.Error(400, "InvalidParameterException", "Security groups and subnets must belong to the same network.");
        var usable = subnets.Where(s => Exists(s) && !options.SubnetsWithoutFreeAddresses.Contains(s)).ToList();
        if (usable.Count == 0)
            // 200 with no task: ECS explains in failures, which callers must read.
            return AwsAnswer.Ok(new JsonObject
            {
                ["tasks"] = new JsonArray(),
                ["failures"] = new JsonArray(new JsonObject
                {
                    ["arn"] = $"arn:aws:ec2:{options.Region}:{options.Account}:subnet/{subnets[0]}",
                    ["reason"] = "RESOURCE:ENI",
                    ["detail"] = $"No free IP address in subnet {subnets[0]}",
                }),
            });

        var tags = call.Body["tags"] is JsonArray tagList
            ? tagList.OfType<JsonObject>().Where(t => t["key"] is not null)
                .ToDictionary(t => t["key"]!.GetValue<string>(), t => t["value"]?.GetValue<string>() ?? "")
            : [];
        var token = call.String("clientToken");
        var started = new List<FakeTask>();
        lock (_lock)
        {
            if (token is not null && _byClientToken.TryGetValue(token, out var earlier))
                return earlier.Family != family
                    ? AwsAnswer.Error(400, "ConflictException", "The clientToken was used before with other parameters.")
                    : AwsAnswer.Ok(new JsonObject { ["tasks"] = new JsonArray(earlier.ToJson(includeTags: true)), ["failures"] = new JsonArray() });
            for (var i = 0; i < count; i++)
            {
                var task = new FakeTask(options, logs, dynamoDb, cluster, family, usable[i % usable.Count], tags, call.String("startedBy"));
                _tasks.Add(task);
                started.Add(task);
            }
            if (token is not null) _byClientToken[token] = started[0];
        }
        foreach (var task in started) task.Start();
        return AwsAnswer.Ok(new JsonObject
        {
            ["tasks"] = new JsonArray(started.Select(t => (JsonNode?)t.ToJson(includeTags: true)).ToArray()),
            ["failures"] = new JsonArray(),
        });
    }

    AwsAnswer DescribeTasks(AwsCall call)
    {
        if (ClusterName(call.String("cluster")) is null) return ClusterNotFound();
        var requested = call.Strings("tasks");
        if (requested.Count is 0 or > 100)
            return AwsAnswer.Error(400, "InvalidParameterException", "Tasks cannot be empty and hold at most 100 entries.");
        var withTags = call.Strings("include").Contains("TAGS");
        var tasks = new JsonArray();
        var failures = new JsonArray();
        foreach (var idOrArn in requested)
        {
            if (Find(idOrArn) is { } task) tasks.Add(task.ToJson(withTags));
            else failures.Add(new JsonObject
            {
                ["arn"] = idOrArn.StartsWith("arn:", StringComparison.Ordinal) ? idOrArn : $"arn:aws:ecs:{options.Region}:{options.Account}:task/{idOrArn}",
                ["reason"] = "MISSING",
            });
        }
        return AwsAnswer.Ok(new JsonObject { ["tasks"] = tasks, ["failures"] = failures });
    }

    AwsAnswer ListTasks(AwsCall call)
    {
        if (ClusterName(call.String("cluster")) is not { } cluster) return ClusterNotFound();
        var family = call.String("family");
        var startedBy = call.String("startedBy");
        if (startedBy is not null && family is not null)
            return AwsAnswer.Error(400, "InvalidParameterException", "startedBy cannot be combined with another filter.");
        var desired = call.String("desiredStatus") ?? "RUNNING";
        var arns = Tasks
            .Where(t => t.Cluster == cluster && t.DesiredStatus == desired
                && (family is null || t.Family == family) && (startedBy is null || t.StartedBy == startedBy))
            .Select(t => (JsonNode?)t.Arn)
            .ToArray();
        return AwsAnswer.Ok(new JsonObject { ["taskArns"] = new JsonArray(arns) });
    }

    AwsAnswer StopTask(AwsCall call)
    {
        if (ClusterName(call.String("cluster")) is null) return ClusterNotFound();
        if (call.String("task") is not { } idOrArn || Find(idOrArn) is not { } task)
            return AwsAnswer.Error(400, "InvalidParameterException", "The referenced task was not found.");
        task.Stop(call.String("reason") ?? "Task stopped by the user");
        return AwsAnswer.Ok(new JsonObject { ["task"] = task.ToJson(includeTags: true) });
    }
}
