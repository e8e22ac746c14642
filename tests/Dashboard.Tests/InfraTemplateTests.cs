using System.Text.RegularExpressions;
using ChaosDashboard.AwsMode;
using YamlDotNet.RepresentationModel;

namespace ChaosDashboard.Tests;

/// <summary>
/// infra/workshop.yaml, read as CloudFormation reads it: every reference resolves, and the names are
/// the ones the dashboard's discovery and the workshop pages look for.
/// </summary>
public partial class InfraTemplateTests
{
    static readonly string[] PseudoParameters =
        ["AWS::AccountId", "AWS::Region", "AWS::StackName", "AWS::StackId", "AWS::Partition", "AWS::URLSuffix", "AWS::NoValue", "AWS::NotificationARNs"];

    static readonly YamlMappingNode Template = Load();

    static YamlMappingNode Load()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dashboard.sln"))) dir = dir.Parent;
        var path = Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("Dashboard.sln not found"), "infra", "workshop.yaml");
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    static YamlMappingNode Section(string name) => (YamlMappingNode)Template[name];
    static IEnumerable<string> Names(string section) => Section(section).Children.Keys.Select(k => ((YamlScalarNode)k).Value!);

    static IEnumerable<(string Resource, YamlMappingNode Properties)> ResourcesOfType(string type) =>
        Section("Resources").Children
            .Where(r => ((YamlScalarNode)((YamlMappingNode)r.Value)["Type"]).Value == type)
            .Select(r => (((YamlScalarNode)r.Key).Value!, (YamlMappingNode)((YamlMappingNode)r.Value)["Properties"]));

    static string Scalar(YamlNode node, params string[] path)
    {
        foreach (var key in path) node = ((YamlMappingNode)node)[key];
        return ((YamlScalarNode)node).Value!;
    }

    /// <summary>A short-form intrinsic function's tag ("!Ref", "!Sub", …), or "" for a plain node.</summary>
    static string TagOf(YamlNode node) => node.Tag.IsEmpty || node.Tag.IsNonSpecific ? "" : node.Tag.Value;

    /// <summary>Every node of the template, depth first.</summary>
    static IEnumerable<YamlNode> All(YamlNode node) => node.AllNodes;

    [Fact]
    public void Every_reference_names_a_parameter_a_resource_or_a_pseudo_parameter()
    {
        var parameters = Names("Parameters").ToHashSet();
        var resources = Names("Resources").ToHashSet();
        var known = parameters.Concat(resources).Concat(PseudoParameters).ToHashSet();
        var unresolved = new List<string>();

        foreach (var node in All(Template))
        {
            switch (node)
            {
                case YamlScalarNode { Value: var target } when TagOf(node) == "!Ref":
                    if (!known.Contains(target!)) unresolved.Add($"!Ref {target}");
                    break;
                case YamlScalarNode { Value: var attribute } when TagOf(node) == "!GetAtt":
                    if (!resources.Contains(attribute!.Split('.')[0])) unresolved.Add($"!GetAtt {attribute}");
                    break;
                case YamlScalarNode { Value: var text } when TagOf(node) == "!Sub":
                    foreach (Match m in SubVariable().Matches(text!))
                        if (!known.Contains(m.Groups[1].Value.Split('.')[0])) unresolved.Add($"!Sub ${{{m.Groups[1].Value}}}");
                    break;
                case YamlMappingNode map when map.Children.TryGetValue(new YamlScalarNode("Ref"), out var target) && target is YamlScalarNode { Value: var name }:
                    if (!known.Contains(name!)) unresolved.Add($"Ref: {name}");
                    break;
            }
        }
        foreach (var (resource, definition) in Section("Resources").Children)
            if (((YamlMappingNode)definition).Children.TryGetValue(new YamlScalarNode("DependsOn"), out var dependsOn))
                foreach (var target in dependsOn is YamlSequenceNode list ? list.Select(n => ((YamlScalarNode)n).Value!) : [((YamlScalarNode)dependsOn).Value!])
                    if (!resources.Contains(target)) unresolved.Add($"{resource} DependsOn {target}");

        Assert.Empty(unresolved);
        Assert.True(parameters.SetEquals(["ImageUri", "VpcId", "PrivateSubnetIds", "CpuArchitecture", "BatchSize", "IntervalSeconds"]),
            "the template takes the image, the VPC and its private subnets");
    }

    [Fact]
    public void Every_sub_reference_is_checked_by_the_reference_test()
    {
        // The check above must see ${Cluster} but not the literal ${!Name} form CloudFormation leaves alone.
        Assert.Equal(["Cluster", "AWS::Region"], SubVariable().Matches("x/${Cluster}/${!Literal}/${AWS::Region}").Select(m => m.Groups[1].Value));
    }

    [Fact]
    public void Names_match_what_the_dashboard_discovers_and_the_workshop_pages_use()
    {
        var cluster = Scalar(Section("Resources"), "Cluster", "Properties", "ClusterName");
        Assert.Contains(AwsModeOptions.ClusterNamePart, cluster);

        var table = ResourcesOfType("AWS::DynamoDB::Table").Single().Properties;
        Assert.StartsWith(AwsModeOptions.TablePrefix, Scalar(table, "TableName"));

        var logGroups = ResourcesOfType("AWS::Logs::LogGroup").Select(g => g.Properties["LogGroupName"]).ToList();
        Assert.Contains(logGroups, g => TagOf(g) == "" && ((YamlScalarNode)g).Value!.StartsWith(AwsModeOptions.LogGroupPrefix));
        Assert.Contains(logGroups, g => TagOf(g) == "!Sub" && ((YamlScalarNode)g).Value == "/ecs/cluster/events/${Cluster}");

        var definitions = ResourcesOfType("AWS::ECS::TaskDefinition").Select(d => d.Properties).ToList();
        var families = definitions.Select(d => Scalar(d, "Family")).ToList();
        Assert.All(families, f => Assert.StartsWith(AwsModeOptions.FamilyPrefix, f));
        Assert.Contains("FisStopTaskStackTaskDef", families);
        Assert.Single(families, f => f.Contains("Improved"));
        foreach (var definition in definitions)
        {
            var container = (YamlMappingNode)((YamlSequenceNode)definition["ContainerDefinitions"]).Single();
            Assert.Equal("BatchJob", Scalar(container, "Name"));
            Assert.Equal("BatchJobEcs", Scalar(container, "LogConfiguration", "Options", "awslogs-stream-prefix"));
            var mode = ((YamlSequenceNode)container["Environment"]).Cast<YamlMappingNode>().Single(e => Scalar(e, "Name") == "MODE");
            Assert.Equal(Scalar(definition, "Family").Contains("Improved") ? "checkpoint" : "baseline", Scalar(mode, "Value"));
            var tags = ((YamlSequenceNode)definition["Tags"]).Cast<YamlMappingNode>();
            Assert.Contains(tags, t => Scalar(t, "Key") == AwsModeOptions.TargetTagKey && Scalar(t, "Value") == AwsModeOptions.TargetTagValue);
        }

        var experiment = ResourcesOfType("AWS::FIS::ExperimentTemplate").Single().Properties;
        Assert.Equal(AwsModeOptions.TemplateNameTag, Scalar(experiment, "Tags", "Name"));
        Assert.Equal("Stop ECS Task during processing", Scalar(experiment, "Description"));
        var action = (YamlMappingNode)((YamlMappingNode)experiment["Actions"])["StopECSTask"];
        Assert.Equal("aws:ecs:stop-task", Scalar(action, "ActionId"));
        var target = (YamlMappingNode)((YamlMappingNode)experiment["Targets"])[Scalar(action, "Targets", "Tasks")];
        Assert.Equal("aws:ecs:task", Scalar(target, "ResourceType"));
        Assert.Equal(AwsModeOptions.TargetTagValue, Scalar(target, "ResourceTags", AwsModeOptions.TargetTagKey));

        var roles = ResourcesOfType("AWS::IAM::Role").Select(r => r.Properties).ToList();
        Assert.Contains(roles, r => r.Children.ContainsKey(new YamlScalarNode("RoleName")) && Scalar(r, "RoleName") == "FisWorkshopServiceRole");
    }

    [Fact]
    public void The_tasks_security_group_carries_the_name_and_logical_id_the_dashboard_looks_for()
    {
        var group = (YamlMappingNode)Section("Resources")[AwsModeOptions.TaskSecurityGroupLogicalId];
        Assert.Equal("AWS::EC2::SecurityGroup", Scalar(group, "Type"));
        Assert.Equal("VpcId", Scalar(group, "Properties", "VpcId"));
        var tags = ((YamlSequenceNode)((YamlMappingNode)group["Properties"])["Tags"]).Cast<YamlMappingNode>();
        Assert.Contains(tags, t => Scalar(t, "Key") == "Name" && Scalar(t, "Value") == AwsModeOptions.TaskSecurityGroupName);
    }

    [Fact]
    public void The_dashboards_policy_allows_each_call_it_makes_and_nothing_it_does_not()
    {
        var policy = ResourcesOfType("AWS::IAM::ManagedPolicy").Single().Properties;
        var statements = ((YamlSequenceNode)((YamlMappingNode)policy["PolicyDocument"])["Statement"]).Cast<YamlMappingNode>().ToList();
        Assert.All(statements, s => Assert.Equal("Allow", Scalar(s, "Effect")));
        var allowed = statements
            .SelectMany(s => s["Action"] is YamlSequenceNode list ? list.Select(a => ((YamlScalarNode)a).Value!) : [Scalar(s, "Action")])
            .ToHashSet();

        string[] calls =
        [
            // Discovery and polling
            "ecs:ListClusters", "ecs:ListTaskDefinitionFamilies", "ecs:DescribeTaskDefinition", "ecs:ListTasks", "ecs:DescribeTasks",
            "fis:ListExperimentTemplates", "fis:GetExperimentTemplate", "fis:GetExperiment", "fis:ListExperiments", "fis:ListExperimentResolvedTargets",
            "dynamodb:ListTables", "dynamodb:DescribeTable", "dynamodb:Scan",
            "logs:DescribeLogGroups", "logs:DescribeLogStreams", "logs:GetLogEvents", "logs:FilterLogEvents",
            // The network a task is launched into
            "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups",
            // Acting, as preflight lists it
            .. Preflight.PreflightRunner.ActionPermissions.Select(p => p.Split(' ')[0]),
        ];
        Assert.Empty(calls.Except(allowed));
        Assert.Empty(allowed.Except(calls));
        Assert.DoesNotContain(allowed, a => a.Contains('*'));
    }

    [GeneratedRegex(@"\$\{(?!!)([^}]+)\}")]
    private static partial Regex SubVariable();
}
