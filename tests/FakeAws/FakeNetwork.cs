namespace ChaosDashboard.FakeAws;

public sealed record FakeVpc(string VpcId, string? Name, bool IsDefault = false, string CidrBlock = "10.0.0.0/16");

/// <param name="Tags">More tags than the Name; the workshop's CDK stack tags each subnet aws-cdk:subnet-type.</param>
public sealed record FakeSubnet(
    string SubnetId, string VpcId, string AvailabilityZone, bool MapPublicIpOnLaunch, string? Name = null,
    IReadOnlyDictionary<string, string>? Tags = null, string CidrBlock = "10.0.0.0/24");

public sealed record FakeSecurityGroup(
    string GroupId, string VpcId, string GroupName, string Description, IReadOnlyDictionary<string, string>? Tags = null);

/// <summary>
/// The VPCs, subnets and security groups EC2 answers with. <see cref="Workshop"/> is an account as
/// the workshop leaves it: its VPC (Name ending in FisVpc) with two private subnets and a public one,
/// the stack's security group for the tasks, and, not to be chosen, the default VPC and another
/// team's VPC that has private subnets of its own.
/// </summary>
public sealed record FakeNetwork(IReadOnlyList<FakeVpc> Vpcs, IReadOnlyList<FakeSubnet> Subnets, IReadOnlyList<FakeSecurityGroup> SecurityGroups)
{
    public const string FisVpcId = "vpc-0f15f15f15f15f150";
    public const string FisVpcName = "FisStackVpc/FisVpc";
    public const string PublicSubnetId = "subnet-0pub";
    public const string TaskSecurityGroupId = "sg-0task";
    public const string FisDefaultSecurityGroupId = "sg-0fisdefault";
    public const string OtherVpcId = "vpc-0a99a99a99a99a990";
    public const string OtherPrivateSubnetId = "subnet-0other";
    public const string DefaultVpcId = "vpc-0d0d0d0d0d0d0d0d0";

    static Dictionary<string, string> CdkSubnet(string type) => new() { ["aws-cdk:subnet-type"] = type };

    /// <summary>The workshop's account; <paramref name="privateSubnets"/> are the two private subnets of its VPC.</summary>
    public static FakeNetwork Workshop(IReadOnlyList<string>? privateSubnets = null) => Build(privateSubnets ?? FakeAwsOptions.DefaultSubnets);

    static FakeNetwork Build(IReadOnlyList<string> privateSubnets) => new(
        [
            new FakeVpc(DefaultVpcId, null, IsDefault: true, CidrBlock: "172.31.0.0/16"),
            new FakeVpc(OtherVpcId, "OtherTeam/AppVpc", CidrBlock: "10.9.0.0/16"),
            new FakeVpc(FisVpcId, FisVpcName),
        ],
        [
            new FakeSubnet("subnet-0dflt1", DefaultVpcId, "us-east-1a", MapPublicIpOnLaunch: true, CidrBlock: "172.31.0.0/20"),
            new FakeSubnet(OtherPrivateSubnetId, OtherVpcId, "us-east-1a", MapPublicIpOnLaunch: false, "OtherTeam/AppVpc/Private", CidrBlock: "10.9.1.0/24"),
            new FakeSubnet(PublicSubnetId, FisVpcId, "us-east-1a", MapPublicIpOnLaunch: true, "FisStackVpc/FisVpc/PublicSubnet1", CdkSubnet("Public"), "10.0.0.0/24"),
            .. privateSubnets.Select((id, i) => new FakeSubnet(id, FisVpcId, $"us-east-1{(char)('a' + i)}", MapPublicIpOnLaunch: false,
                $"FisStackVpc/FisVpc/PrivateSubnet{i + 1}", CdkSubnet("Private"), $"10.0.{128 + i * 32}.0/19")),
        ],
        [
            new FakeSecurityGroup("sg-0dfltdefault", DefaultVpcId, "default", "default VPC security group"),
            new FakeSecurityGroup("sg-0otherdefault", OtherVpcId, "default", "default VPC security group"),
            new FakeSecurityGroup(FisDefaultSecurityGroupId, FisVpcId, "default", "default VPC security group"),
            new FakeSecurityGroup(TaskSecurityGroupId, FisVpcId, "FisStopTaskStack-TaskSecurityGroup-1AB2C3D4E5F6", "Batch job tasks - no inbound traffic",
                new Dictionary<string, string>
                {
                    ["Name"] = "FisStopTaskSecurityGroup",
                    ["aws:cloudformation:logical-id"] = "TaskSecurityGroup",
                    ["aws:cloudformation:stack-name"] = "FisStopTaskStack",
                }),
        ]);

    public FakeSubnet? Subnet(string id) => Subnets.FirstOrDefault(s => s.SubnetId == id);

    public FakeSecurityGroup? SecurityGroup(string id) => SecurityGroups.FirstOrDefault(g => g.GroupId == id);

    /// <summary>The same account without the VPC's Name tag: nothing ends in FisVpc.</summary>
    public FakeNetwork WithoutFisVpc() => this with
    {
        Vpcs = Vpcs.Select(v => v.VpcId == FisVpcId ? v with { Name = "FisStackVpc/MainVpc" } : v).ToList(),
    };

    /// <summary>Another team deployed the workshop too: two VPCs end in FisVpc.</summary>
    public FakeNetwork WithSecondFisVpc() => this with
    {
        Vpcs = Vpcs.Select(v => v.VpcId == OtherVpcId ? v with { Name = "SecondRun/FisVpc" } : v).ToList(),
    };

    /// <summary>The workshop's VPC has only public subnets.</summary>
    public FakeNetwork WithoutPrivateSubnets() => this with
    {
        Subnets = Subnets.Where(s => s.VpcId != FisVpcId || s.MapPublicIpOnLaunch).ToList(),
    };

    /// <summary>A stack that made no security group for the tasks: only the VPC's default one.</summary>
    public FakeNetwork WithoutTaskSecurityGroup() => this with
    {
        SecurityGroups = SecurityGroups.Where(g => g.GroupId != TaskSecurityGroupId).ToList(),
    };
}
