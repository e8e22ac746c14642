using Amazon.Runtime;
using ChaosDashboard.Aws;
using ChaosDashboard.Aws.Ec2;
using ChaosDashboard.Aws.Signing;
using ChaosDashboard.AwsMode;
using ChaosDashboard.FakeAws;

namespace ChaosDashboard.Tests.AwsMode;

/// <summary>
/// The network a launch goes to, found through the real EC2 client in the fake account's EC2: the
/// VPC named …FisVpc, its private subnets, the stack's security group; and one clear sentence for
/// each way that can fail.
/// </summary>
public sealed class NetworkDiscoveryTests
{
    const string Region = "us-east-1";
    static readonly string[] PrivateSubnets = [.. FakeAwsOptions.DefaultSubnets];

    static AwsClients Clients(FakeAwsServer fake, int attempts = 4) => new(new AwsSettings
    {
        Region = Region,
        Credentials = new BasicAWSCredentials("AKIDNETWORKTEST", "network-test-secret"),
        EndpointUrl = fake.Url,
        UseEndpointEnvironmentVariables = false,
        Retry = new AwsRetryOptions { MaxAttempts = attempts, BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50) },
    });

    /// <summary>Runs discovery; the last task's subnet is <paramref name="lastTaskSubnet"/>, and whether it was asked is returned.</summary>
    static async Task<(LaunchNetwork Network, bool AskedLastTask)> DiscoverAsync(
        FakeAwsServer fake, AwsModeOptions? options = null, string? lastTaskSubnet = null, int attempts = 4)
    {
        using var aws = Clients(fake, attempts);
        var asked = false;
        var network = await new NetworkDiscovery(aws.Ec2, options ?? new AwsModeOptions(), Region).DiscoverAsync(() =>
        {
            asked = true;
            return Task.FromResult(lastTaskSubnet);
        }, CancellationToken.None);
        Assert.Empty(fake.Violations);
        return (network, asked);
    }

    [Fact]
    public async Task A_workshop_account_launches_into_the_private_subnets_of_the_FisVpc_VPC_with_the_stacks_security_group()
    {
        await using var fake = await FakeAwsServer.StartAsync();

        var (network, askedLastTask) = await DiscoverAsync(fake);

        Assert.Null(network.Problem);
        Assert.Null(network.Caution);
        Assert.Equal($"{FakeNetwork.FisVpcId} ({FakeNetwork.FisVpcName})", network.Vpc);
        Assert.Equal(PrivateSubnets, network.Subnets);
        Assert.Equal([FakeNetwork.TaskSecurityGroupId], network.SecurityGroups);
        Assert.Equal(
            $"VPC {FakeNetwork.FisVpcId} (FisStackVpc/FisVpc) · subnets subnet-0abc, subnet-0def (the VPC's private subnets) · security group sg-0task (the stack's TaskSecurityGroup)",
            network.Describe());
        Assert.False(askedLastTask);

        // Three VPCs at two a page: the second page was asked for with the first page's token.
        var vpcPages = fake.RequestsOf("DescribeVpcs");
        Assert.Equal(2, vpcPages.Count);
        Assert.Contains("NextToken=page-2", vpcPages[1].Body);
        Assert.All(fake.RequestsOf("DescribeSubnets").Concat(fake.RequestsOf("DescribeSecurityGroups")),
            request => Assert.Contains($"Filter.1.Value.1={FakeNetwork.FisVpcId}", request.Body));
        Assert.Equal(2, fake.RequestsOf("DescribeSubnets").Count);
        Assert.All(fake.Requests, request => Assert.Equal("ec2", request.Service));
    }

    [Fact]
    public async Task Without_the_stacks_security_group_the_VPCs_default_one_is_taken_and_named()
    {
        await using var fake = await FakeAwsServer.StartAsync(new FakeAwsOptions { Network = FakeNetwork.Workshop().WithoutTaskSecurityGroup() });

        var (network, _) = await DiscoverAsync(fake);

        Assert.Null(network.Problem);
        Assert.Equal([FakeNetwork.FisDefaultSecurityGroupId], network.SecurityGroups);
        Assert.Contains("sg-0fisdefault (the VPC's default security group: the stack's TaskSecurityGroup is not in this VPC)", network.Describe());
    }

    public static TheoryData<string, string, string> Failures => new()
    {
        {
            "no FisVpc",
            "No VPC in us-east-1 has a Name ending in FisVpc (it has vpc-0d0d0d0d0d0d0d0d0 (default VPC), vpc-0a99a99a99a99a990 (OtherTeam/AppVpc), vpc-0f15f15f15f15f150 (FisStackVpc/MainVpc)).",
            "Deploy the workshop's stack, or set Aws:Subnets to a private subnet of the VPC whose name ends in FisVpc."
        },
        {
            "two FisVpcs",
            "2 VPCs in us-east-1 have a Name ending in FisVpc: vpc-0a99a99a99a99a990 (SecondRun/FisVpc), vpc-0f15f15f15f15f150 (FisStackVpc/FisVpc).",
            "Set Aws:Subnets to private subnets of the one to use (and Aws:SecurityGroups to its security group)."
        },
        {
            "no private subnet",
            "VPC vpc-0f15f15f15f15f150 (FisStackVpc/FisVpc) has no private subnet (it has subnet-0pub tagged Public).",
            "Set Aws:Subnets to a subnet whose tasks reach ECR, CloudWatch Logs and DynamoDB."
        },
    };

    public static FakeNetwork Scenario(string name) => name switch
    {
        "no FisVpc" => FakeNetwork.Workshop().WithoutFisVpc(),
        "two FisVpcs" => FakeNetwork.Workshop().WithSecondFisVpc(),
        "no private subnet" => FakeNetwork.Workshop().WithoutPrivateSubnets(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_network_that_cannot_be_chosen_is_one_sentence_with_what_was_found_and_the_setting_to_fix(
        string scenario, string problem, string fix)
    {
        await using var fake = await FakeAwsServer.StartAsync(new FakeAwsOptions { Network = Scenario(scenario) });

        var (network, askedLastTask) = await DiscoverAsync(fake, lastTaskSubnet: "subnet-0abc");

        Assert.Equal(problem, network.Problem);
        Assert.Equal(fix, network.Fix);
        Assert.Equal($"{problem} {fix}", network.ProblemWithFix);
        Assert.Empty(network.Subnets);
        // The last task is a stand-in only when EC2 cannot be read, not when it says the network is wrong.
        Assert.False(askedLastTask);
    }

    [Theory]
    [InlineData("DescribeVpcs")]
    [InlineData("DescribeSubnets")]
    public async Task Without_EC2_read_access_and_no_task_ever_run_the_missing_permission_is_named(string denied)
    {
        await using var fake = await FakeAwsServer.StartAsync();
        fake.Faults.Deny(denied);

        var (network, askedLastTask) = await DiscoverAsync(fake);

        Assert.True(askedLastTask);
        Assert.Empty(network.Subnets);
        Assert.StartsWith($"EC2 cannot be read to find the workshop's subnets: EC2 {denied} failed: UnauthorizedOperation — You are not authorized to perform this operation.", network.Problem);
        Assert.Contains($"is not authorized to perform: ec2:{denied}", network.Problem);
        Assert.Equal($"Allow ec2:{denied}, or set Aws:Subnets to a private subnet of the VPC whose name ends in FisVpc.", network.Fix);
        Assert.Equal(1, fake.Faults.Hits(denied));
    }

    [Fact]
    public async Task Without_EC2_read_access_the_subnet_of_the_last_task_stands_in_with_a_caution()
    {
        await using var fake = await FakeAwsServer.StartAsync();
        fake.Faults.Deny("DescribeVpcs");

        var (network, _) = await DiscoverAsync(fake, lastTaskSubnet: "subnet-0def");

        Assert.Null(network.Problem);
        Assert.Equal(["subnet-0def"], network.Subnets);
        Assert.Empty(network.SecurityGroups);
        Assert.Equal("EC2 cannot be read (UnauthorizedOperation on DescribeVpcs), so tasks go to the subnet the last task ran in.", network.Caution);
        Assert.Equal("Allow ec2:DescribeVpcs to launch into the private subnets of the VPC ending in FisVpc, or set Aws:Subnets.", network.Fix);
        Assert.Equal("subnet subnet-0def (the last task's subnet) · security group: none set, so ECS uses the default security group of the subnet's VPC", network.Describe());
    }

    [Fact]
    public async Task Without_access_to_security_groups_the_launch_still_works_and_preflight_says_why_none_is_named()
    {
        await using var fake = await FakeAwsServer.StartAsync();
        fake.Faults.Deny("DescribeSecurityGroups");

        var (network, _) = await DiscoverAsync(fake);

        Assert.Null(network.Problem);
        Assert.Equal(PrivateSubnets, network.Subnets);
        Assert.Empty(network.SecurityGroups);
        Assert.EndsWith("security group: not looked up, so ECS uses the VPC's default security group", network.Describe());
        Assert.Equal("EC2 refused DescribeSecurityGroups (UnauthorizedOperation), so the stack's TaskSecurityGroup cannot be found.", network.Caution);
        Assert.Equal("Allow ec2:DescribeSecurityGroups, or set Aws:SecurityGroups.", network.Fix);
    }

    [Fact]
    public async Task A_throttled_EC2_is_a_problem_to_retry_not_a_reason_to_guess()
    {
        await using var fake = await FakeAwsServer.StartAsync();
        fake.Faults.Inject("DescribeVpcs", FaultKind.Throttling);

        var (network, askedLastTask) = await DiscoverAsync(fake, lastTaskSubnet: "subnet-0def", attempts: 1);

        Assert.False(askedLastTask);
        Assert.Empty(network.Subnets);
        Assert.Equal("EC2 DescribeVpcs failed: RequestLimitExceeded — Request limit exceeded.", network.Problem);
        Assert.StartsWith("Try again, or set Aws:Subnets", network.Fix);
    }

    [Fact]
    public async Task Configured_subnets_win_and_EC2_is_not_asked()
    {
        await using var fake = await FakeAwsServer.StartAsync();

        var (network, _) = await DiscoverAsync(fake, new AwsModeOptions { Subnets = [" subnet-0def ", ""], SecurityGroups = ["sg-0mine"] });

        Assert.Equal(["subnet-0def"], network.Subnets);
        Assert.Equal(["sg-0mine"], network.SecurityGroups);
        Assert.Equal("subnet subnet-0def (Aws:Subnets) · security group sg-0mine (Aws:SecurityGroups)", network.Describe());
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task Configured_security_groups_win_while_the_subnets_are_found()
    {
        await using var fake = await FakeAwsServer.StartAsync();

        var (network, _) = await DiscoverAsync(fake, new AwsModeOptions { SecurityGroups = ["sg-0mine"] });

        Assert.Equal(PrivateSubnets, network.Subnets);
        Assert.Equal(["sg-0mine"], network.SecurityGroups);
        Assert.Empty(fake.RequestsOf("DescribeSecurityGroups"));
    }

    [Theory]
    [InlineData(false, null, true)]
    [InlineData(true, null, false)]
    [InlineData(true, "Private", true)]
    [InlineData(false, "Public", false)]
    [InlineData(false, "Isolated", false)]
    public void A_subnet_is_private_when_its_stack_says_so_or_it_gives_no_public_IP(bool mapPublicIp, string? cdkType, bool expected)
    {
        var tags = cdkType is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [NetworkDiscovery.CdkSubnetTypeTag] = cdkType };
        var subnet = new Ec2Subnet("subnet-1", "vpc-1", null, "us-east-1a", mapPublicIp, "available", tags);
        Assert.Equal(expected, NetworkDiscovery.IsPrivate(subnet));
    }
}
