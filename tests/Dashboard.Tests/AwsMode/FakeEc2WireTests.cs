using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using ChaosDashboard.FakeAws;

namespace ChaosDashboard.Tests.AwsMode;

/// <summary>
/// The fake's EC2, spoken to on the wire with signed form posts: its XML answers have the element
/// names and value types of the botocore EC2 model, it pages, filters and refuses as EC2 does. The
/// dashboard's tests lean on it, so it must not drift from the real service.
/// </summary>
public sealed class FakeEc2WireTests : IAsyncLifetime
{
    FakeAwsServer _aws = null!;

    public async Task InitializeAsync() => _aws = await FakeAwsServer.StartAsync();

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    async Task<(HttpStatusCode Status, XElement Body)> Call(params (string Name, string Value)[] form)
    {
        using var http = new HttpClient(new SigV4SigningHandler(
            new BasicAWSCredentials("AKIDEC2WIRE", "ec2-wire-secret"), RegionEndpoint.USEast1, "ec2", new SocketsHttpHandler()));
        var content = new FormUrlEncodedContent([new("Version", FakeEc2.ApiVersion), .. form.Select(p => new KeyValuePair<string, string>(p.Name, p.Value))]);
        using var response = await http.PostAsync(_aws.Url, content);
        return (response.StatusCode, XElement.Parse(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>Every page of an operation, following nextToken; each page checked against the model.</summary>
    async Task<List<XElement>> AllPages(string operation, params (string Name, string Value)[] form)
    {
        var pages = new List<XElement>();
        string? token = null;
        do
        {
            (string, string)[] next = token is null ? [] : [("NextToken", token)];
            var (status, page) = await Call([("Action", operation), ("MaxResults", "100"), .. form, .. next]);
            Assert.Equal(HttpStatusCode.OK, status);
            Ec2Model.AssertMatchesOutput(operation, page);
            pages.Add(page);
            token = page.Element(FakeEc2.Xmlns + "nextToken")?.Value;
        }
        while (token is not null && pages.Count < 10);
        Assert.Null(token);
        return pages;
    }

    static IEnumerable<string> Values(IEnumerable<XElement> pages, string set, string field) =>
        pages.SelectMany(p => p.Element(FakeEc2.Xmlns + set)!.Elements(FakeEc2.Xmlns + "item")).Select(i => i.Element(FakeEc2.Xmlns + field)!.Value);

    [ModelFact]
    public async Task DescribeVpcs_pages_through_every_VPC_in_the_models_shape()
    {
        var pages = await AllPages("DescribeVpcs");

        Assert.Equal(2, pages.Count);
        Assert.Equal([FakeNetwork.DefaultVpcId, FakeNetwork.OtherVpcId, FakeNetwork.FisVpcId], Values(pages, "vpcSet", "vpcId"));
        Assert.Empty(_aws.Violations);
    }

    [ModelFact]
    public async Task DescribeSubnets_and_DescribeSecurityGroups_filter_by_VPC_in_the_models_shape()
    {
        var subnets = await AllPages("DescribeSubnets", ("Filter.1.Name", "vpc-id"), ("Filter.1.Value.1", FakeNetwork.FisVpcId));
        Assert.Equal([FakeNetwork.PublicSubnetId, "subnet-0abc", "subnet-0def"], Values(subnets, "subnetSet", "subnetId"));
        Assert.Equal(["true", "false", "false"], Values(subnets, "subnetSet", "mapPublicIpOnLaunch"));

        var groups = await AllPages("DescribeSecurityGroups", ("Filter.1.Name", "vpc-id"), ("Filter.1.Value.1", FakeNetwork.FisVpcId));
        Assert.Equal([FakeNetwork.FisDefaultSecurityGroupId, FakeNetwork.TaskSecurityGroupId], Values(groups, "securityGroupInfo", "groupId"));

        var tagged = await AllPages("DescribeVpcs", ("Filter.1.Name", "tag:Name"), ("Filter.1.Value.1", "*FisVpc"));
        Assert.Equal([FakeNetwork.FisVpcId], Values(tagged, "vpcSet", "vpcId"));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "InvalidParameterValue", "Action=DescribeSubnets", "Filter.1.Name=vpc", "Filter.1.Value.1=x")]
    [InlineData(HttpStatusCode.BadRequest, "InvalidParameterValue", "Action=DescribeVpcs", "MaxResults=1001")]
    [InlineData(HttpStatusCode.BadRequest, "InvalidParameterValue", "Action=DescribeVpcs", "NextToken=forged")]
    [InlineData(HttpStatusCode.BadRequest, "UnknownParameter", "Action=DescribeVpcs", "Filters.1.Name=vpc-id")]
    [InlineData(HttpStatusCode.BadRequest, "InvalidSubnetId.NotFound", "Action=DescribeSubnets", "SubnetId.1=subnet-0none")]
    [InlineData(HttpStatusCode.BadRequest, "InvalidAction", "Action=DescribeInstances")]
    public async Task Bad_calls_get_EC2s_error_document(HttpStatusCode status, string code, params string[] form)
    {
        var (answered, body) = await Call([.. form.Select(p => (p.Split('=')[0], p.Split('=')[1]))]);

        Assert.Equal(status, answered);
        Assert.Equal("Response", body.Name.LocalName);
        Assert.Equal(code, body.Element("Errors")!.Element("Error")!.Element("Code")!.Value);
        Assert.False(string.IsNullOrEmpty(body.Element("RequestID")?.Value));
    }

    [Fact]
    public async Task A_denied_call_is_UnauthorizedOperation_naming_the_action()
    {
        _aws.Faults.Deny("DescribeVpcs");

        var (status, body) = await Call(("Action", "DescribeVpcs"));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        var error = body.Element("Errors")!.Element("Error")!;
        Assert.Equal("UnauthorizedOperation", error.Element("Code")!.Value);
        Assert.Contains($"User: {_aws.CallerArn} is not authorized to perform: ec2:DescribeVpcs", error.Element("Message")!.Value);
        Assert.Equal(1, _aws.Faults.Hits("DescribeVpcs"));
    }

    /// <summary>The botocore EC2 model, read from wherever botocore is installed.</summary>
    static class Ec2Model
    {
        static readonly Lazy<JsonElement?> Model = new(Load);

        public static string? MissingReason => Model.Value is null && !InCi
            ? "No botocore EC2 model (apt-get install python3-botocore)."
            : null;

        static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

        static JsonElement? Load()
        {
            var directories = new List<string> { "/usr/lib/python3/dist-packages/botocore" };
            try
            {
                using var python = Process.Start(new ProcessStartInfo("python3", ["-c", "import botocore, os; print(os.path.dirname(botocore.__file__))"])
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                });
                if (python is not null && python.WaitForExit(15_000) && python.ExitCode == 0)
                    directories.Insert(0, python.StandardOutput.ReadToEnd().Trim());
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // No python3: the Debian path alone.
            }
            var file = directories.Select(d => Path.Combine(d, "data", "ec2", "2016-11-15", "service-2.json")).FirstOrDefault(File.Exists);
            return file is null ? null : JsonDocument.Parse(File.ReadAllText(file)).RootElement.Clone();
        }

        static JsonElement Root => Model.Value ?? throw new InvalidOperationException("CI=true but the botocore EC2 model is missing: apt-get install python3-botocore.");

        static JsonElement Shape(string name) => Root.GetProperty("shapes").GetProperty(name);

        /// <summary>The answer's children are members of the operation's output shape, recursively, with values of the member's type.</summary>
        public static void AssertMatchesOutput(string operation, XElement response)
        {
            Assert.Equal($"{operation}Response", response.Name.LocalName);
            Assert.Equal(FakeEc2.Xmlns, response.Name.Namespace);
            var output = Root.GetProperty("operations").GetProperty(operation).GetProperty("output").GetProperty("shape").GetString()!;
            var problems = new List<string>();
            Check(response, output, operation, problems, allowRequestId: true);
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        static void Check(XElement element, string shapeName, string path, List<string> problems, bool allowRequestId = false)
        {
            var shape = Shape(shapeName);
            switch (shape.GetProperty("type").GetString())
            {
                case "structure":
                    var members = shape.GetProperty("members").EnumerateObject()
                        .ToDictionary(m => m.Value.TryGetProperty("locationName", out var l) ? l.GetString()! : m.Name, m => m.Value.GetProperty("shape").GetString()!);
                    foreach (var child in element.Elements())
                    {
                        if (allowRequestId && child.Name.LocalName == "requestId") continue;
                        if (child.Name.Namespace != FakeEc2.Xmlns) problems.Add($"{path}/{child.Name}: not in EC2's namespace");
                        if (members.TryGetValue(child.Name.LocalName, out var memberShape))
                            Check(child, memberShape, $"{path}/{child.Name.LocalName}", problems);
                        else problems.Add($"{path}/{child.Name.LocalName}: not a member of {shapeName}");
                    }
                    break;
                case "list":
                    var member = shape.GetProperty("member");
                    var itemName = member.TryGetProperty("locationName", out var name) ? name.GetString()! : "member";
                    foreach (var item in element.Elements())
                    {
                        if (item.Name.LocalName != itemName) problems.Add($"{path}/{item.Name.LocalName}: the elements of {shapeName} are <{itemName}>");
                        else Check(item, member.GetProperty("shape").GetString()!, $"{path}/{itemName}", problems);
                    }
                    break;
                case "boolean":
                    if (element.Value is not ("true" or "false")) problems.Add($"{path}: '{element.Value}' is not a boolean");
                    break;
                case "integer" or "long":
                    if (!long.TryParse(element.Value, out _)) problems.Add($"{path}: '{element.Value}' is not an integer");
                    break;
                case "string":
                    if (shape.TryGetProperty("enum", out var values) && !values.EnumerateArray().Any(v => v.GetString() == element.Value))
                        problems.Add($"{path}: '{element.Value}' is not one of {shapeName}'s values");
                    if (element.HasElements) problems.Add($"{path}: a string with child elements");
                    break;
            }
        }
    }

    /// <summary>A fact that needs the botocore EC2 model: skipped without it, except in CI.</summary>
    sealed class ModelFactAttribute : FactAttribute
    {
        public ModelFactAttribute() => Skip = Ec2Model.MissingReason;
    }
}
