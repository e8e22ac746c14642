namespace ChaosDashboard.Aws.Ec2;

/// <summary>A VPC as DescribeVpcs tells it.</summary>
/// <param name="Name">Its Name tag, if it has one (the workshop's ends in FisVpc).</param>
public sealed record Ec2Vpc(string VpcId, string? Name, bool IsDefault, string? CidrBlock, IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>"vpc-0abc (FisStack/FisVpc)", or the id alone when the VPC has no name.</summary>
    public string Label => Name is null ? VpcId : $"{VpcId} ({Name})";
}

/// <summary>A subnet as DescribeSubnets tells it.</summary>
/// <param name="MapPublicIpOnLaunch">Whether what starts in it gets a public IPv4 address: true for a public subnet.</param>
/// <param name="State">pending or available.</param>
public sealed record Ec2Subnet(
    string SubnetId, string VpcId, string? Name, string? AvailabilityZone, bool MapPublicIpOnLaunch, string? State,
    IReadOnlyDictionary<string, string> Tags)
{
    public string? Tag(string key) => Tags.GetValueOrDefault(key);
}

/// <summary>A security group as DescribeSecurityGroups tells it.</summary>
/// <param name="GroupName">"default" for the group every VPC comes with.</param>
public sealed record Ec2SecurityGroup(string GroupId, string GroupName, string? VpcId, string? Description, IReadOnlyDictionary<string, string> Tags)
{
    public string? Tag(string key) => Tags.GetValueOrDefault(key);
}
