using ChaosDashboard.Aws;
using ChaosDashboard.Aws.DynamoDb;
using ChaosDashboard.Aws.Ecs;
using ChaosDashboard.Aws.Errors;

namespace ChaosDashboard.AwsMode;

/// <summary>
/// Finds the workshop's resources the way a participant does in the consoles: the cluster whose name
/// contains FisStackECS, the task definition families starting with FisStopTask, the table and log
/// group by prefix, the template by its Name tag, and the network as <see cref="NetworkDiscovery"/>
/// finds it. A configured value always wins; what cannot be found is reported with the setting to fix.
/// </summary>
public sealed class WorkshopDiscovery(AwsClients aws, AwsModeOptions options)
{
    public async Task<WorkshopResources> DiscoverAsync(CancellationToken ct)
    {
        var problems = new List<string>();
        var identity = await aws.Identity.GetCallerIdentityAsync(ct);

        var cluster = await Find("Aws:Cluster", options.Cluster, problems, async () =>
        {
            var arns = await aws.Ecs.ListClustersAsync(ct);
            return arns.Select(a => a[(a.LastIndexOf('/') + 1)..]).FirstOrDefault(n => n.Contains(AwsModeOptions.ClusterNamePart, StringComparison.Ordinal));
        }, $"no ECS cluster whose name contains {AwsModeOptions.ClusterNamePart}");
        if (cluster is not null && !string.IsNullOrWhiteSpace(options.Cluster))
            cluster = await ConfirmClusterAsync(cluster, problems, ct);

        List<string>? families = null;
        async Task<List<string>> Families() => families ??= await aws.Ecs.ListTaskDefinitionFamiliesAsync(AwsModeOptions.FamilyPrefix, "ACTIVE", ct);
        var improved = await Find("Aws:ImprovedTaskDefinition", options.ImprovedTaskDefinition, problems, async () =>
            (await Families()).FirstOrDefault(f => f.Contains("Improved", StringComparison.OrdinalIgnoreCase)),
            $"no task definition family starting with {AwsModeOptions.FamilyPrefix} and containing Improved");
        var baseline = await Find("Aws:BaselineTaskDefinition", options.BaselineTaskDefinition, problems, async () =>
            (await Families()).FirstOrDefault(f => !f.Contains("Improved", StringComparison.OrdinalIgnoreCase)),
            $"no task definition family starting with {AwsModeOptions.FamilyPrefix} (the baseline, e.g. FisStopTaskStackTaskDef)");

        var table = await Find("Aws:Table", options.Table, problems, async () =>
            (await WorkshopTable.ListTableNamesAsync(aws.DynamoDb, AwsModeOptions.TablePrefix, ct)).FirstOrDefault(),
            $"no DynamoDB table whose name starts with {AwsModeOptions.TablePrefix}");
        var logGroup = await Find("Aws:LogGroup", options.LogGroup, problems, async () =>
            (await aws.Logs.DescribeLogGroupsAsync(AwsModeOptions.LogGroupPrefix, ct)).Select(g => g.LogGroupName).FirstOrDefault(),
            $"no log group whose name starts with {AwsModeOptions.LogGroupPrefix}");
        var template = await Find("Aws:ExperimentTemplate", options.ExperimentTemplate, problems, async () =>
            (await aws.Fis.FindTemplateByNameTagAsync(AwsModeOptions.TemplateNameTag, ct))?.Id,
            $"no FIS experiment template tagged Name={AwsModeOptions.TemplateNameTag}");
        var eventsLogGroup = options.EventsLogGroup is { Length: > 0 } configured ? configured
            : cluster is null ? null : $"/ecs/cluster/events/{cluster}";

        var network = await new NetworkDiscovery(aws.Ec2, options, aws.Region.SystemName).DiscoverAsync(
            async () => cluster is null || baseline is null ? null : await LastSubnetAsync(cluster, [baseline, improved], ct), ct);
        if (network.ProblemWithFix is { } networkProblem) problems.Add(networkProblem);

        return new WorkshopResources
        {
            Account = identity.Account,
            CallerArn = identity.Arn,
            Region = aws.Region.SystemName,
            Cluster = cluster,
            BaselineFamily = baseline,
            ImprovedFamily = improved,
            Network = network,
            Table = table,
            LogGroup = logGroup,
            ExperimentTemplateId = template,
            EventsLogGroup = eventsLogGroup,
            Problems = problems,
        };
    }

    /// <summary>The subnet of the most recent task of the families (running first, else stopped): the network when EC2 cannot be read.</summary>
    async Task<string?> LastSubnetAsync(string cluster, IEnumerable<string?> families, CancellationToken ct)
    {
        foreach (var desired in new[] { "RUNNING", "STOPPED" })
            foreach (var family in families.OfType<string>().Select(WorkshopResources.FamilyName))
            {
                var arns = await aws.Ecs.ListTasksAsync(new ListTasksRequest { Cluster = cluster, Family = family, DesiredStatus = desired }, ct);
                if (arns.Count == 0) continue;
                var described = await aws.Ecs.DescribeTasksAsync(cluster, arns.Take(20), ct);
                var subnet = described.Tasks.OrderByDescending(t => t.CreatedAt).Select(t => t.SubnetId).FirstOrDefault(s => s is not null);
                if (subnet is not null) return subnet;
            }
        return null;
    }

    /// <summary>
    /// A configured cluster ECS does not have would fail every later call with a bare "Cluster not
    /// found" and never say which setting is wrong; without ecs:ListClusters the name is trusted.
    /// </summary>
    async Task<string?> ConfirmClusterAsync(string configured, List<string> problems, CancellationToken ct)
    {
        List<string> names;
        try
        {
            names = (await aws.Ecs.ListClustersAsync(ct)).Select(a => a[(a.LastIndexOf('/') + 1)..]).ToList();
        }
        catch (AwsServiceException)
        {
            return configured;
        }
        if (names.Contains(configured[(configured.LastIndexOf('/') + 1)..], StringComparer.Ordinal)) return configured;
        var existing = names.Count == 0 ? "it has none" : "it has " + string.Join(", ", names);
        problems.Add($"ECS has no cluster {configured} in {aws.Region.SystemName} ({existing}). Set Aws:Cluster.");
        return null;
    }

    static async Task<string?> Find(string setting, string? configured, List<string> problems, Func<Task<string?>> discover, string notFound)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return configured.Trim();
        try
        {
            var found = await discover();
            if (found is null) problems.Add($"Found {notFound}. Set {setting}.");
            return found;
        }
        catch (AwsServiceException e)
        {
            problems.Add($"{e.Message}. Set {setting}, or grant the permission.");
            return null;
        }
    }
}
