using ChaosDashboard.Aws;
using ChaosDashboard.Aws.DynamoDb;
using ChaosDashboard.Aws.Errors;
using ChaosDashboard.AwsMode;

namespace ChaosDashboard.Preflight;

/// <summary>
/// Checks, before a room full of people depends on it, that the account answers, that every
/// workshop resource exists and looks as the workshop expects, and that the read permissions are
/// there. Each failure names the setting or permission to fix.
/// </summary>
public sealed class PreflightRunner(AwsModeOptions options)
{
    /// <summary>The permissions the dashboard's actions need; they cannot be tested without acting.</summary>
    public static readonly string[] ActionPermissions =
    [
        "ecs:RunTask", "ecs:StopTask", "ecs:TagResource", "iam:PassRole (the task and execution roles)",
        "fis:StartExperiment", "fis:StopExperiment", "fis:TagResource", "dynamodb:BatchWriteItem",
    ];

    public async Task<IReadOnlyList<PreflightCheck>> RunAsync(CancellationToken ct)
    {
        var checks = new List<PreflightCheck>();
        AwsClients aws;
        try
        {
            aws = new AwsClients(AwsModeServices.Settings(options));
        }
        catch (Exception e)
        {
            checks.Add(new("Settings", CheckStatus.Failed, AwsErrorText.Describe(e),
                "Set Aws:Region (or AWS_REGION) and, for a named profile, Aws:Profile (or AWS_PROFILE)."));
            return checks;
        }

        using (aws)
        {
            WorkshopResources resources;
            try
            {
                resources = await new WorkshopDiscovery(aws, options).DiscoverAsync(ct);
                checks.Add(new("Identity", CheckStatus.Ok, $"Acting as {resources.CallerArn} in account {resources.Account}, region {resources.Region}"));
            }
            catch (Exception e)
            {
                checks.Add(new("Identity", CheckStatus.Failed, AwsErrorText.Describe(e), IdentityFix(e)));
                return checks;
            }

            checks.Add(Found("Cluster", resources.Cluster, "Aws:Cluster", "ecs:ListClusters"));
            checks.Add(await TaskDefinitionAsync(aws, "Baseline task definition", resources.BaselineFamily, "Aws:BaselineTaskDefinition", ct));
            checks.Add(await TaskDefinitionAsync(aws, "Improved task definition", resources.ImprovedFamily, "Aws:ImprovedTaskDefinition", ct));
            checks.Add(Network(resources.Network));
            checks.Add(await TableAsync(aws, resources.Table, ct));
            checks.Add(Found("Log group", resources.LogGroup, "Aws:LogGroup", "logs:DescribeLogGroups"));
            checks.Add(await TemplateAsync(aws, resources.ExperimentTemplateId, ct));
            checks.Add(await EventsLogGroupAsync(aws, resources.EventsLogGroup, ct));
            checks.Add(new("Action permissions", CheckStatus.Warning,
                "Read access is verified above; these are only proven by acting: " + string.Join(", ", ActionPermissions),
                "Grant them to the identity above (infra/workshop.yaml's DashboardPolicy holds each permission the dashboard uses)."));
        }
        return checks;
    }

    static string IdentityFix(Exception e) => (e as Aws.Errors.AwsServiceException)?.Code switch
    {
        "NetworkError" or "RequestTimeout" => "Check the network, Aws:Region and Aws:EndpointUrl (leave it empty for real AWS).",
        "AccessDenied" or "AccessDeniedException" => "Allow sts:GetCallerIdentity for this identity.",
        _ => "Provide credentials: environment variables, Aws:Profile / AWS_PROFILE (for SSO run aws sso login first), or a role.",
    };

    /// <summary>The VPC, subnets and security group a launch goes to, or what stops it and the setting or permission to fix.</summary>
    static PreflightCheck Network(LaunchNetwork network) =>
        network.Problem is { } problem ? new("Network", CheckStatus.Failed, problem, network.Fix)
        : network.Caution is { } caution ? new("Network", CheckStatus.Warning, $"{network.Describe()}. {caution}", network.Fix)
        : new("Network", CheckStatus.Ok, network.Describe());

    static PreflightCheck Found(string name, string? value, string setting, string permission) => value is not null
        ? new(name, CheckStatus.Ok, value)
        : new(name, CheckStatus.Failed, "Not found.", $"Set {setting}, or allow {permission}.");

    static async Task<PreflightCheck> TaskDefinitionAsync(AwsClients aws, string name, string? family, string setting, CancellationToken ct)
    {
        if (family is null) return new(name, CheckStatus.Failed, "Not found.", $"Set {setting}, or allow ecs:ListTaskDefinitionFamilies.");
        try
        {
            var result = await aws.Ecs.DescribeTaskDefinitionAsync(family, ct);
            var definition = result.TaskDefinition;
            var tagged = result.Tags.Any(t => t.Key == AwsModeOptions.TargetTagKey && t.Value == AwsModeOptions.TargetTagValue);
            var detail = $"{definition.Family}:{definition.Revision}";
            return tagged
                ? new(name, CheckStatus.Ok, detail + $", tagged {AwsModeOptions.TargetTagKey}=true")
                : new(name, CheckStatus.Warning, detail + $" has no tag {AwsModeOptions.TargetTagKey}=true; the dashboard tags the task itself.",
                    $"Tag the task definition {AwsModeOptions.TargetTagKey}=true if tasks are also started from the console.");
        }
        catch (Exception e)
        {
            return new(name, CheckStatus.Failed, AwsErrorText.Describe(e), $"Check {setting}, or allow ecs:DescribeTaskDefinition.");
        }
    }

    static async Task<PreflightCheck> TableAsync(AwsClients aws, string? table, CancellationToken ct)
    {
        if (table is null) return new("Table", CheckStatus.Failed, "Not found.", "Set Aws:Table, or allow dynamodb:ListTables.");
        try
        {
            using var workshopTable = aws.OpenWorkshopTable(table);
            var schema = await workshopTable.DescribeKeySchemaAsync(ct);
            var key = string.Join(" + ", schema.Attributes.Select(a => $"{a.Name} ({a.Type})"));
            await workshopTable.ReadAllItemsAsync(ct);
            return new("Table", CheckStatus.Ok, $"{table}, key {key}, readable");
        }
        catch (Exception e)
        {
            return new("Table", CheckStatus.Failed, AwsErrorText.Describe(e), "Check Aws:Table, or allow dynamodb:DescribeTable and dynamodb:Scan.");
        }
    }

    static async Task<PreflightCheck> TemplateAsync(AwsClients aws, string? templateId, CancellationToken ct)
    {
        const string name = "Experiment template";
        if (templateId is null)
            return new(name, CheckStatus.Failed, "Not found.", $"Tag the template Name={AwsModeOptions.TemplateNameTag} or set Aws:ExperimentTemplate; allow fis:ListExperimentTemplates.");
        try
        {
            var template = await aws.Fis.GetExperimentTemplateAsync(templateId, ct);
            var stopsTasks = template.Actions.Values.Any(a => a.ActionId == "aws:ecs:stop-task");
            var byTag = template.Targets.Values.Any(t => t.ResourceTags.TryGetValue(AwsModeOptions.TargetTagKey, out var v) && v == AwsModeOptions.TargetTagValue);
            if (stopsTasks && byTag) return new(name, CheckStatus.Ok, $"{templateId}: aws:ecs:stop-task on tasks tagged {AwsModeOptions.TargetTagKey}=true");
            return new(name, CheckStatus.Warning, $"{templateId} does not stop ECS tasks tagged {AwsModeOptions.TargetTagKey}=true.",
                "Give it an aws:ecs:stop-task action whose target selects resource tag fisTarget=true.");
        }
        catch (Exception e)
        {
            return new(name, CheckStatus.Failed, AwsErrorText.Describe(e), "Check Aws:ExperimentTemplate, or allow fis:GetExperimentTemplate.");
        }
    }

    static async Task<PreflightCheck> EventsLogGroupAsync(AwsClients aws, string? group, CancellationToken ct)
    {
        const string name = "Task events log group";
        if (group is null) return new(name, CheckStatus.Warning, "No cluster, so no events log group to look for.", "Set Aws:EventsLogGroup.");
        try
        {
            var groups = await aws.Logs.DescribeLogGroupsAsync(group, ct);
            return groups.Any(g => g.LogGroupName == group)
                ? new(name, CheckStatus.Ok, group)
                : new(name, CheckStatus.Warning, $"{group} does not exist: start times come only from the tasks the dashboard watches.",
                    "Deploy the event capture (infra/workshop.yaml) or set Aws:EventsLogGroup.");
        }
        catch (Exception e)
        {
            return new(name, CheckStatus.Warning, AwsErrorText.Describe(e), "Allow logs:DescribeLogGroups and logs:GetLogEvents.");
        }
    }
}
