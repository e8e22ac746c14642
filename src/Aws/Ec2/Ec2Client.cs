using Amazon.EC2;
using Amazon.EC2.Model;
using ChaosDashboard.Aws.Errors;
using ChaosDashboard.Aws.Protocol;
using ChaosDashboard.Aws.Signing;

namespace ChaosDashboard.Aws.Ec2;

/// <summary>
/// The network the tasks run in, read through AWSSDK.EC2 (EC2's query protocol, XML answers): the
/// VPCs, a VPC's subnets and its security groups. Read-only; every listing follows NextToken.
/// </summary>
public sealed class Ec2Client : IDisposable
{
    /// <summary>Results per page; the model allows 5 to 1000.</summary>
    public const int PageSize = 100;

    private static readonly string ServiceName = AwsService.Ec2.DisplayName;

    private readonly IAmazonEC2 _ec2;

    /// <summary>Takes ownership of <paramref name="ec2"/>.</summary>
    public Ec2Client(IAmazonEC2 ec2) => _ec2 = ec2;

    public static Ec2Client Create(AwsSettings settings) =>
        new(new AmazonEC2Client(
            AwsCredentialResolver.ResolveCredentials(settings),
            AwsSdkClientConfig.Apply(new AmazonEC2Config(), settings, AwsService.Ec2)));

    /// <summary>Every VPC of the account in the region (needs ec2:DescribeVpcs).</summary>
    public Task<List<Ec2Vpc>> DescribeVpcsAsync(CancellationToken cancellationToken = default) =>
        SdkExceptionMapper.CallAsync(ServiceName, "DescribeVpcs", () => Pagination.CollectAsync(async (token, ct) =>
        {
            var page = await _ec2.DescribeVpcsAsync(new DescribeVpcsRequest { NextToken = token, MaxResults = PageSize }, ct)
                .ConfigureAwait(false);
            return ((page.Vpcs ?? []).Where(vpc => vpc.VpcId is not null).Select(ToVpc), page.NextToken);
        }, cancellationToken), cancellationToken);

    /// <summary>The subnets of one VPC (needs ec2:DescribeSubnets).</summary>
    public Task<List<Ec2Subnet>> DescribeSubnetsAsync(string vpcId, CancellationToken cancellationToken = default) =>
        SdkExceptionMapper.CallAsync(ServiceName, "DescribeSubnets", () => Pagination.CollectAsync(async (token, ct) =>
        {
            var page = await _ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest
            {
                Filters = [InVpc(vpcId)],
                NextToken = token,
                MaxResults = PageSize,
            }, ct).ConfigureAwait(false);
            return ((page.Subnets ?? []).Where(subnet => subnet.SubnetId is not null).Select(ToSubnet), page.NextToken);
        }, cancellationToken), cancellationToken);

    /// <summary>The security groups of one VPC (needs ec2:DescribeSecurityGroups).</summary>
    public Task<List<Ec2SecurityGroup>> DescribeSecurityGroupsAsync(string vpcId, CancellationToken cancellationToken = default) =>
        SdkExceptionMapper.CallAsync(ServiceName, "DescribeSecurityGroups", () => Pagination.CollectAsync(async (token, ct) =>
        {
            var page = await _ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest
            {
                Filters = [InVpc(vpcId)],
                NextToken = token,
                MaxResults = PageSize,
            }, ct).ConfigureAwait(false);
            return ((page.SecurityGroups ?? []).Where(group => group.GroupId is not null).Select(ToSecurityGroup), page.NextToken);
        }, cancellationToken), cancellationToken);

    public void Dispose() => _ec2.Dispose();

    private static Filter InVpc(string vpcId) => new() { Name = "vpc-id", Values = [vpcId] };

    private static Dictionary<string, string> TagsOf(List<Tag>? tags)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags ?? [])
        {
            if (tag.Key is not null)
            {
                map[tag.Key] = tag.Value ?? "";
            }
        }

        return map;
    }

    private static Ec2Vpc ToVpc(Vpc vpc)
    {
        var tags = TagsOf(vpc.Tags);
        return new Ec2Vpc(vpc.VpcId, tags.GetValueOrDefault("Name"), vpc.IsDefault ?? false, vpc.CidrBlock, tags);
    }

    private static Ec2Subnet ToSubnet(Subnet subnet)
    {
        var tags = TagsOf(subnet.Tags);
        return new Ec2Subnet(subnet.SubnetId, subnet.VpcId ?? "", tags.GetValueOrDefault("Name"), subnet.AvailabilityZone,
            subnet.MapPublicIpOnLaunch ?? false, subnet.State?.Value, tags);
    }

    private static Ec2SecurityGroup ToSecurityGroup(SecurityGroup group) =>
        new(group.GroupId, group.GroupName ?? "", group.VpcId, group.Description, TagsOf(group.Tags));
}
