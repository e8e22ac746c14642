using ChaosDashboard.Aws.Ec2;
using ChaosDashboard.Aws.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ChaosDashboard.Aws.Tests.Capture;

/// <summary>
/// The EC2 calls of the network client and of the real AWS CLI, both captured on loopback, carry
/// the same form parameters (EC2's query protocol), path, content type and signing scope.
/// </summary>
public sealed class Ec2CliCaptureTests(ITestOutputHelper output)
{
    private const string VpcId = "vpc-0fis0000000000001";

    private const string EmptyAnswer = """<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId></DescribeVpcsResponse>""";

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    private static readonly Dictionary<string, (string[] Cli, Func<Ec2Client, Task> Ours)> Cases = new()
    {
        ["ec2 describe-vpcs"] = (["ec2", "describe-vpcs", "--max-results", "100"], ec2 => ec2.DescribeVpcsAsync()),
        ["ec2 describe-subnets"] = (
            ["ec2", "describe-subnets", "--filters", $"Name=vpc-id,Values={VpcId}", "--max-results", "100"],
            ec2 => ec2.DescribeSubnetsAsync(VpcId)),
        ["ec2 describe-security-groups"] = (
            ["ec2", "describe-security-groups", "--filters", $"Name=vpc-id,Values={VpcId}", "--max-results", "100"],
            ec2 => ec2.DescribeSecurityGroupsAsync(VpcId)),
    };

    [AwsCliTheory]
    [MemberData(nameof(CaseNames))]
    public async Task Our_request_matches_the_cli_request(string caseName)
    {
        var (cliArguments, ours) = Cases[caseName];
        using var cliServer = new LoopbackServer(_ => new LoopbackResponse(200, EmptyAnswer, "text/xml"));
        // --no-paginate: one request, as the CLI would otherwise follow tokens itself.
        await AwsCli.RunAsync(cliServer.BaseUrl, [.. cliArguments, "--no-paginate"]);
        var cli = Assert.Single(cliServer.Requests);

        using var ourServer = new LoopbackServer(_ => new LoopbackResponse(200, EmptyAnswer, "text/xml"));
        using (var ec2 = Ec2Client.Create(TestAws.Settings(ourServer.BaseUrl)))
        {
            await ours(ec2);
        }

        var mine = Assert.Single(ourServer.Requests);
        output.WriteLine($"cli:  {cli.Method} {cli.RawPathAndQuery} {cli.BodyText}");
        output.WriteLine($"ours: {mine.Method} {mine.RawPathAndQuery} {mine.BodyText}");

        Assert.Equal(cli.Method, mine.Method);
        Assert.Equal(cli.RawPath, mine.RawPath);
        Assert.StartsWith("application/x-www-form-urlencoded", mine.Header("Content-Type"));
        Assert.Equal(QueryRequestChecker.ParseForm(cli.BodyText).OrderBy(p => p.Key), QueryRequestChecker.ParseForm(mine.BodyText).OrderBy(p => p.Key));
        var cliScope = SigV4Verifier.Parse(cli.Header("Authorization")!);
        var ourScope = SigV4Verifier.Parse(mine.Header("Authorization")!);
        Assert.Equal((cliScope.Region, cliScope.Service), (ourScope.Region, ourScope.Service));
    }
}
