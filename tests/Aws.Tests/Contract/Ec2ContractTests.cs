using ChaosDashboard.Aws.Ec2;
using ChaosDashboard.Aws.Errors;
using ChaosDashboard.Aws.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ChaosDashboard.Aws.Tests.Contract;

/// <summary>
/// Every EC2 request the network client sends (through AWSSDK.EC2, on a loopback socket) is a valid
/// call of the botocore EC2 model in its query protocol, and the model's XML answers parse.
/// </summary>
public sealed class Ec2ContractTests(ITestOutputHelper output)
{
    private const string VpcId = "vpc-0fis0000000000001";

    /// <summary>Tag and flag values the samples carry, so that parsing can be told from defaults.</summary>
    private static readonly Dictionary<string, string> SampleValues = new()
    {
        ["Key"] = "Name",
        ["Value"] = "FisStack/FisVpc",
        ["MapPublicIpOnLaunch"] = "false",
    };

    private static readonly Dictionary<string, Func<Ec2Client, Task>> Scenarios = new()
    {
        ["DescribeVpcs"] = async ec2 =>
        {
            var vpcs = await ec2.DescribeVpcsAsync();
            Assert.Equal(2, vpcs.Count);
            Assert.Equal("sample-VpcId", vpcs[0].VpcId);
            Assert.Equal("FisStack/FisVpc", vpcs[0].Name);
            Assert.True(vpcs[0].IsDefault);
            Assert.Equal("sample-CidrBlock", vpcs[0].CidrBlock);
        },
        ["DescribeSubnets"] = async ec2 =>
        {
            var subnets = await ec2.DescribeSubnetsAsync(VpcId);
            Assert.Equal(2, subnets.Count);
            Assert.Equal("sample-SubnetId", subnets[0].SubnetId);
            Assert.Equal("sample-VpcId", subnets[0].VpcId);
            Assert.Equal("sample-AvailabilityZone", subnets[0].AvailabilityZone);
            Assert.False(subnets[0].MapPublicIpOnLaunch);
            Assert.Equal("pending", subnets[0].State);
            Assert.Equal("FisStack/FisVpc", subnets[0].Name);
        },
        ["DescribeSecurityGroups"] = async ec2 =>
        {
            var groups = await ec2.DescribeSecurityGroupsAsync(VpcId);
            Assert.Equal(2, groups.Count);
            Assert.Equal("sample-GroupId", groups[0].GroupId);
            Assert.Equal("sample-GroupName", groups[0].GroupName);
            Assert.Equal("sample-VpcId", groups[0].VpcId);
            Assert.Equal("FisStack/FisVpc", groups[0].Tag("Name"));
        },
    };

    public static TheoryData<string> Operations => new(Scenarios.Keys);

    [ModelTheory]
    [MemberData(nameof(Operations))]
    public async Task Request_matches_the_model_and_the_model_output_parses(string operation)
    {
        var model = BotocoreModels.Get("ec2");
        using var server = new LoopbackServer(request => Xml(Ec2SampleGenerator.Generate(model, OperationOf(request), SampleValues)));
        using var ec2 = Ec2Client.Create(TestAws.Settings(server.BaseUrl));

        await Scenarios[operation](ec2);

        ContractAssert.RequestsMatchModel(model, "ec2", server.Requests, operation, output);
        var request = Assert.Single(server.Requests);
        var scope = SigV4Verifier.Parse(request.Header("Authorization")!);
        Assert.Equal(("ec2", TestAws.Region), (scope.Service, scope.Region));
    }

    [ModelFact]
    public async Task Subnets_and_security_groups_are_asked_for_one_VPC_by_filter()
    {
        var model = BotocoreModels.Get("ec2");
        using var server = new LoopbackServer(request => Xml(Ec2SampleGenerator.Generate(model, OperationOf(request))));
        using var ec2 = Ec2Client.Create(TestAws.Settings(server.BaseUrl));

        await ec2.DescribeSubnetsAsync(VpcId);
        await ec2.DescribeSecurityGroupsAsync(VpcId);

        Assert.All(server.Requests, request =>
        {
            var form = QueryRequestChecker.ParseForm(request.BodyText);
            Assert.Equal("vpc-id", form["Filter.1.Name"]);
            Assert.Equal(VpcId, form["Filter.1.Value.1"]);
            Assert.Equal(Ec2Client.PageSize.ToString(), form["MaxResults"]);
        });
    }

    [ModelFact]
    public async Task Listings_follow_NextToken_to_the_last_page()
    {
        var model = BotocoreModels.Get("ec2");
        using var server = new LoopbackServer(request =>
        {
            var token = QueryRequestChecker.ParseForm(request.BodyText).GetValueOrDefault("NextToken");
            return Xml(Ec2SampleGenerator.Generate(model, OperationOf(request), nextToken: token switch
            {
                null => "page-2",
                "page-2" => "page-3",
                _ => null,
            }));
        });
        using var ec2 = Ec2Client.Create(TestAws.Settings(server.BaseUrl));

        var vpcs = await ec2.DescribeVpcsAsync();

        Assert.Equal(6, vpcs.Count);
        Assert.Equal(new string?[] { null, "page-2", "page-3" },
            server.Requests.Select(r => QueryRequestChecker.ParseForm(r.BodyText).GetValueOrDefault("NextToken")));
        ContractAssert.RequestsMatchModel(model, "ec2", server.Requests, "DescribeVpcs", output);
    }

    [Fact]
    public async Task A_refusal_by_IAM_names_the_missing_permission()
    {
        const string errorXml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/jane is not authorized to perform: ec2:DescribeVpcs because no identity-based policy allows the ec2:DescribeVpcs action</Message></Error></Errors><RequestID>req-7</RequestID></Response>
            """;
        using var server = new LoopbackServer(_ => new LoopbackResponse(403, errorXml, "text/xml;charset=UTF-8"));
        using var ec2 = Ec2Client.Create(TestAws.Settings(server.BaseUrl));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => ec2.DescribeVpcsAsync());

        Assert.Equal("UnauthorizedOperation", error.Code);
        Assert.True(error.IsAccessDenied);
        Assert.Equal(403, error.HttpStatus);
        Assert.StartsWith("EC2 DescribeVpcs failed: UnauthorizedOperation — You are not authorized", error.Message);
        Assert.Contains("ec2:DescribeVpcs", error.Message);
        // Not a rate limit or a transient failure: asked once, not retried.
        Assert.Single(server.Requests);
    }

    [ModelFact]
    public void Every_operation_the_client_calls_is_in_the_model()
    {
        var model = BotocoreModels.Get("ec2");
        Assert.Equal("ec2", model.Protocol);
        Assert.Equal("ec2", model.SigningName);
        Assert.All(Scenarios.Keys, operation => Assert.True(model.HasOperation(operation), $"{operation} is not in {model.Describe}"));
        Assert.All(Scenarios.Keys, operation =>
        {
            var pageSize = model.Shape(model.Shape(model.Operation(operation).InputShape!).GetProperty("members").GetProperty("MaxResults").GetProperty("shape").GetString()!);
            Assert.InRange(Ec2Client.PageSize, pageSize.GetProperty("min").GetInt32(), pageSize.GetProperty("max").GetInt32());
        });
    }

    private static string OperationOf(CapturedRequest request) =>
        QueryRequestChecker.IdentifyOperation(request) ?? throw new InvalidOperationException($"no Action in {request.BodyText}");

    private static LoopbackResponse Xml(string body) => new(200, body, "text/xml;charset=UTF-8");
}
