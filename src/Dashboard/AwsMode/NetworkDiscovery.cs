using ChaosDashboard.Aws.Ec2;
using ChaosDashboard.Aws.Errors;

namespace ChaosDashboard.AwsMode;

/// <summary>
/// Finds the network a task is launched into as the workshop tells a participant to pick it: the VPC
/// whose Name tag ends in FisVpc, its private subnets, and the security group the stack made for the
/// tasks (else the VPC's default). Configured subnets and security groups always win; when IAM does
/// not let the dashboard read EC2, the subnet of the last task of the workshop stands in.
/// </summary>
public sealed class NetworkDiscovery(Ec2Client ec2, AwsModeOptions options, string region)
{
    /// <summary>The tag CDK puts on each subnet of a VPC it builds: Public, Private or Isolated.</summary>
    public const string CdkSubnetTypeTag = "aws-cdk:subnet-type";

    /// <summary>The tag CloudFormation puts on what it creates, naming the template's resource.</summary>
    public const string LogicalIdTag = "aws:cloudformation:logical-id";

    const string SetSubnets = "set Aws:Subnets to a private subnet of the VPC whose name ends in " + AwsModeOptions.VpcNameSuffix;

    /// <param name="lastTaskSubnet">The subnet of the most recent workshop task, asked only when EC2 cannot be read.</param>
    public async Task<LaunchNetwork> DiscoverAsync(Func<Task<string?>> lastTaskSubnet, CancellationToken ct)
    {
        var subnets = Clean(options.Subnets);
        var groups = Clean(options.SecurityGroups);
        if (subnets.Count > 0)
            return new LaunchNetwork
            {
                Subnets = subnets,
                SubnetSource = "Aws:Subnets",
                SecurityGroups = groups,
                SecurityGroupSource = groups.Count > 0 ? "Aws:SecurityGroups" : "none set, so ECS uses the default security group of the subnets' VPC",
            };

        try
        {
            return await FromEc2Async(groups, ct);
        }
        catch (AwsServiceException e) when (e.IsAccessDenied)
        {
            return await FromLastTaskAsync(e, groups, lastTaskSubnet);
        }
        catch (AwsServiceException e)
        {
            return new LaunchNetwork
            {
                Problem = Sentence(e.Message),
                Fix = $"Try again, or {SetSubnets}.",
            };
        }
    }

    async Task<LaunchNetwork> FromEc2Async(IReadOnlyList<string> configuredGroups, CancellationToken ct)
    {
        var vpcs = await ec2.DescribeVpcsAsync(ct);
        var candidates = vpcs.Where(v => v.Name?.EndsWith(AwsModeOptions.VpcNameSuffix, StringComparison.Ordinal) == true).ToList();
        if (candidates.Count == 0)
            return new LaunchNetwork
            {
                Problem = $"No VPC in {region} has a Name ending in {AwsModeOptions.VpcNameSuffix} ({Found(vpcs.Select(Label), "it has no VPC")}).",
                Fix = $"Deploy the workshop's stack, or {SetSubnets}.",
            };
        if (candidates.Count > 1)
            return new LaunchNetwork
            {
                Problem = $"{candidates.Count} VPCs in {region} have a Name ending in {AwsModeOptions.VpcNameSuffix}: {string.Join(", ", candidates.Select(Label))}.",
                Fix = "Set Aws:Subnets to private subnets of the one to use (and Aws:SecurityGroups to its security group).",
            };

        var vpc = candidates[0];
        var inVpc = await ec2.DescribeSubnetsAsync(vpc.VpcId, ct);
        var usable = inVpc.Where(s => s.State is null or "available").ToList();
        var privateSubnets = usable.Where(IsPrivate).OrderBy(s => s.AvailabilityZone, StringComparer.Ordinal).ThenBy(s => s.SubnetId, StringComparer.Ordinal).ToList();
        if (privateSubnets.Count == 0)
            return new LaunchNetwork
            {
                Vpc = vpc.Label,
                Problem = $"VPC {vpc.Label} has no private subnet ({Found(inVpc.Select(Describe), "it has no subnet")}).",
                Fix = "Set Aws:Subnets to a subnet whose tasks reach ECR, CloudWatch Logs and DynamoDB.",
            };

        var network = new LaunchNetwork
        {
            Vpc = vpc.Label,
            Subnets = privateSubnets.Select(s => s.SubnetId).ToList(),
            SubnetSource = $"the VPC's private subnet{(privateSubnets.Count == 1 ? "" : "s")}",
            SecurityGroups = configuredGroups,
            SecurityGroupSource = "Aws:SecurityGroups",
        };
        if (configuredGroups.Count > 0) return network;
        try
        {
            var (groups, source) = TaskSecurityGroup(await ec2.DescribeSecurityGroupsAsync(vpc.VpcId, ct));
            return network with { SecurityGroups = groups, SecurityGroupSource = source };
        }
        catch (AwsServiceException e) when (e.IsAccessDenied)
        {
            // Not needed to launch: RunTask without a group uses the VPC's default one.
            return network with
            {
                SecurityGroupSource = "not looked up, so ECS uses the VPC's default security group",
                Caution = $"EC2 refused {e.Operation} ({e.Code}), so the stack's {AwsModeOptions.TaskSecurityGroupLogicalId} cannot be found.",
                Fix = $"Allow ec2:{e.Operation}, or set Aws:SecurityGroups.",
            };
        }
    }

    /// <summary>Of a VPC's groups, the stack's TaskSecurityGroup if it is there, else the VPC's default group.</summary>
    static (IReadOnlyList<string> Groups, string Source) TaskSecurityGroup(List<Ec2SecurityGroup> groups)
    {
        var stacks = groups
            .Where(g => g.Tag("Name") == AwsModeOptions.TaskSecurityGroupName || g.Tag(LogicalIdTag) == AwsModeOptions.TaskSecurityGroupLogicalId)
            .OrderBy(g => g.GroupId, StringComparer.Ordinal)
            .ToList();
        if (stacks.Count > 0)
            return ([stacks[0].GroupId], $"the stack's {AwsModeOptions.TaskSecurityGroupLogicalId}{(stacks.Count > 1 ? $", first of {stacks.Count}" : "")}");
        if (groups.FirstOrDefault(g => g.GroupName == "default") is { } fallback)
            return ([fallback.GroupId], $"the VPC's default security group: the stack's {AwsModeOptions.TaskSecurityGroupLogicalId} is not in this VPC");
        return ([], "ECS uses the VPC's default security group");
    }

    async Task<LaunchNetwork> FromLastTaskAsync(AwsServiceException denied, IReadOnlyList<string> groups, Func<Task<string?>> lastTaskSubnet)
    {
        var permission = $"ec2:{denied.Operation}";
        string? subnet = null;
        try
        {
            subnet = await lastTaskSubnet();
        }
        catch (AwsServiceException)
        {
            // Reported below as not found: the EC2 permission is what to fix first.
        }

        if (subnet is null)
            return new LaunchNetwork
            {
                Problem = Sentence($"EC2 cannot be read to find the workshop's subnets: {denied.Message}"),
                Fix = $"Allow {permission}, or {SetSubnets}.",
            };
        return new LaunchNetwork
        {
            Subnets = [subnet],
            SubnetSource = "the last task's subnet",
            SecurityGroups = groups,
            SecurityGroupSource = groups.Count > 0 ? "Aws:SecurityGroups" : "none set, so ECS uses the default security group of the subnet's VPC",
            Caution = $"EC2 cannot be read ({denied.Code} on {denied.Operation}), so tasks go to the subnet the last task ran in.",
            Fix = $"Allow {permission} to launch into the private subnets of the VPC ending in {AwsModeOptions.VpcNameSuffix}, or set Aws:Subnets.",
        };
    }

    /// <summary>
    /// Private: what the stack that built the VPC tagged Private (CDK's subnet type), or, where no
    /// stack said, a subnet that gives no public IP to what starts in it.
    /// </summary>
    public static bool IsPrivate(Ec2Subnet subnet) =>
        subnet.Tag(CdkSubnetTypeTag) is { } type
            ? string.Equals(type, "Private", StringComparison.OrdinalIgnoreCase)
            : !subnet.MapPublicIpOnLaunch;

    static string Label(Ec2Vpc vpc) => vpc.IsDefault && vpc.Name is null ? $"{vpc.VpcId} (default VPC)" : vpc.Label;

    static string Describe(Ec2Subnet subnet) =>
        $"{subnet.SubnetId} {(subnet.Tag(CdkSubnetTypeTag) is { } type ? $"tagged {type}" : subnet.MapPublicIpOnLaunch ? "public IP on launch" : "private")}"
        + (subnet.State is null or "available" ? "" : $", {subnet.State}");

    /// <summary>"it has a, b, c" (at most ten named), or <paramref name="none"/>.</summary>
    static string Found(IEnumerable<string> items, string none)
    {
        var list = items.ToList();
        if (list.Count == 0) return none;
        var shown = string.Join(", ", list.Take(10));
        return $"it has {shown}{(list.Count > 10 ? $" and {list.Count - 10} more" : "")}";
    }

    static string Sentence(string text) => text.TrimEnd().EndsWith('.') ? text.TrimEnd() : text.TrimEnd() + ".";

    static List<string> Clean(IEnumerable<string> values) => values.Select(v => v.Trim()).Where(v => v.Length > 0).Distinct().ToList();
}
