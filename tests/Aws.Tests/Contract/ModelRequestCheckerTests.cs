using System.Text;
using ChaosDashboard.Aws.Tests.Infrastructure;

namespace ChaosDashboard.Aws.Tests.Contract;

/// <summary>The contract checker itself catches the mistakes it exists for; otherwise the contract tests would prove nothing.</summary>
public sealed class ModelRequestCheckerTests
{
    [ModelTheory]
    [InlineData("""{"taskDefinition":"td","count":"1"}""", "$.count: expected Number")]
    [InlineData("""{"taskDefinition":"td","launchType":"LAMBDA"}""", "is not one of LaunchType's values")]
    [InlineData("""{"taskDefinition":"td","networkConfiguration":{"awsvpcConfiguration":{"securityGroups":["sg-1"]}}}""", "required member subnets of AwsVpcConfiguration is missing")]
    [InlineData("""{"taskDefinition":"td","tags":{"fisTarget":"true"}}""", "$.tags: expected Array")]
    [InlineData("""{"taskDefinition":"td","tags":[{"Key":"fisTarget","Value":"true"}]}""", "'Key' is not a member of Tag")]
    [InlineData("""{"cluster":"c"}""", "required member taskDefinition of RunTaskRequest is missing")]
    [InlineData("""{"taskDefinition":"td","enableECSManagedTags":"yes"}""", "expected a boolean")]
    public void Flags_invalid_awsJson_bodies(string body, string expectedProblem)
    {
        var model = BotocoreModels.Get("ecs");
        var result = ModelRequestChecker.Check(model, "ecs", AwsJsonRequest("AmazonEC2ContainerServiceV20141113.RunTask", body));
        Assert.Contains(result.Problems, problem => problem.Contains(expectedProblem, StringComparison.Ordinal));
    }

    [ModelFact]
    public void Flags_a_wrong_content_type_and_an_unknown_operation()
    {
        var model = BotocoreModels.Get("ecs");
        var wrongType = ModelRequestChecker.Check(model, "ecs",
            AwsJsonRequest("AmazonEC2ContainerServiceV20141113.ListClusters", "{}", "application/x-amz-json-1.1; charset=utf-8"));
        Assert.Contains(wrongType.Problems, problem => problem.Contains("Content-Type", StringComparison.Ordinal));

        var unknown = ModelRequestChecker.Check(model, "ecs", AwsJsonRequest("AmazonEC2ContainerServiceV20141113.RunTasks", "{}"));
        Assert.Contains(unknown.Problems, problem => problem.Contains("RunTasks is not in", StringComparison.Ordinal));
    }

    [ModelFact]
    public void Accepts_a_valid_awsJson_body()
    {
        var model = BotocoreModels.Get("ecs");
        var result = ModelRequestChecker.Check(model, "ecs", AwsJsonRequest(
            "AmazonEC2ContainerServiceV20141113.StopTask", """{"cluster":"c","task":"t","reason":"r"}"""));
        Assert.Empty(result.Problems);
        Assert.Equal("StopTask", result.Operation);
    }

    [ModelTheory]
    [InlineData("PUT", "/experiments/EXP1", "", "no operation")]
    [InlineData("GET", "/experiments", "?limit=5", "'limit' is not a querystring member")]
    [InlineData("GET", "/experiments", "?maxResults=many", "'many' is not an integer")]
    [InlineData("POST", "/experiments", "", "required member clientToken")]
    public void Flags_invalid_restJson_requests(string method, string path, string query, string expectedProblem)
    {
        var model = BotocoreModels.Get("fis");
        var body = method == "POST" ? """{"experimentTemplateId":"EXT1"}""" : "";
        var request = new CapturedRequest(method, new Uri("http://aws.test" + path + query), path + query,
            new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = ["application/json"] },
            Encoding.UTF8.GetBytes(body));

        var result = ModelRequestChecker.Check(model, "fis", request);

        Assert.Contains(result.Problems, problem => problem.Contains(expectedProblem, StringComparison.Ordinal));
    }

    [ModelTheory]
    [InlineData("Action=DescribeVpc&Version=2016-11-15", "DescribeVpc is not in")]
    [InlineData("Action=DescribeVpcs&Version=2015-10-01", "Version '2015-10-01'")]
    [InlineData("Action=DescribeVpcs&Version=2016-11-15&MaxResults=1001", "the model's maximum is 1000")]
    [InlineData("Action=DescribeVpcs&Version=2016-11-15&MaxResults=many", "'many' is not an integer")]
    [InlineData("Action=DescribeVpcs&Version=2016-11-15&dryRun=true", "'dryRun' is not a member of DescribeVpcsRequest (the protocol names it 'DryRun')")]
    [InlineData("Action=DescribeVpcs&Version=2016-11-15&DryRun=yes", "'yes' is not true or false")]
    [InlineData("Action=DescribeSubnets&Version=2016-11-15&Filters.1.Name=vpc-id", "'Filters' is not a member of DescribeSubnetsRequest")]
    [InlineData("Action=DescribeSubnets&Version=2016-11-15&Filter.1.Name=vpc-id&Filter.1.Values.1=vpc-1", "'Values' is not a member of Filter")]
    [InlineData("Action=DescribeSubnets&Version=2016-11-15&Filter.member.1.Name=vpc-id", "'member' is not a list index")]
    [InlineData("Action=DescribeSubnets&Version=2016-11-15&Filter.1.Name=vpc-id&Filter.3.Name=state", "numbered 1, 3, not 1 to 2")]
    [InlineData("Action=DescribeSubnets&Version=2016-11-15&Filter.1=vpc-id", "'vpc-id' given where Filter is a structure")]
    [InlineData("Action=DescribeSubnets&Version=2016-11-15&MaxResults=5&MaxResults=6", "MaxResults is sent 2 times")]
    public void Flags_invalid_ec2_query_bodies(string body, string expectedProblem)
    {
        var result = ModelRequestChecker.Check(BotocoreModels.Get("ec2"), "ec2", FormRequest(body));
        Assert.Contains(result.Problems, problem => problem.Contains(expectedProblem, StringComparison.Ordinal));
    }

    [ModelTheory]
    [InlineData("ec2", "Action=DescribeSubnets&Version=2016-11-15&Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-1&Filter.1.Value.2=vpc-2&MaxResults=100&NextToken=abc")]
    [InlineData("ec2", "Action=DescribeSecurityGroups&Version=2016-11-15&GroupId.1=sg-1&DryRun=false")]
    [InlineData("sts", "Action=GetCallerIdentity&Version=2011-06-15")]
    [InlineData("sts", "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=workshop-session&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess")]
    public void Accepts_valid_query_bodies(string service, string body)
    {
        var result = ModelRequestChecker.Check(BotocoreModels.Get(service), service, FormRequest(body));
        Assert.Empty(result.Problems);
        Assert.Equal(QueryRequestChecker.ParseForm(body)["Action"], result.Operation);
    }

    [ModelTheory]
    [InlineData("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr", "required member RoleSessionName")]
    [InlineData("Action=AssumeRole&Version=2011-06-15&RoleArn=r&RoleSessionName=s&PolicyArns.1.arn=p", "go under 'member.N'")]
    [InlineData("Action=AssumeRole&Version=2011-06-15&RoleArn=r&RoleSessionName=s&DurationSeconds=60", "the model's minimum is 900")]
    public void Flags_invalid_query_bodies(string body, string expectedProblem)
    {
        var result = ModelRequestChecker.Check(BotocoreModels.Get("sts"), "sts", FormRequest(body));
        Assert.Contains(result.Problems, problem => problem.Contains(expectedProblem, StringComparison.Ordinal));
    }

    [ModelFact]
    public void Flags_a_query_body_sent_as_json()
    {
        var request = new CapturedRequest("POST", new Uri("http://aws.test/"), "/",
            new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = ["application/x-amz-json-1.1"] },
            Encoding.UTF8.GetBytes("""{"Action":"DescribeVpcs"}"""));
        var result = ModelRequestChecker.Check(BotocoreModels.Get("ec2"), "ec2", request);
        Assert.Contains(result.Problems, problem => problem.Contains("application/x-www-form-urlencoded", StringComparison.Ordinal));
        Assert.Contains(result.Problems, problem => problem.Contains("no Action", StringComparison.Ordinal));
    }

    private static CapturedRequest FormRequest(string body) =>
        new("POST", new Uri("http://aws.test/"), "/",
            new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
            {
                ["Content-Type"] = ["application/x-www-form-urlencoded; charset=utf-8"],
            },
            Encoding.UTF8.GetBytes(body));

    private static CapturedRequest AwsJsonRequest(string target, string body, string contentType = "application/x-amz-json-1.1") =>
        new("POST", new Uri("http://aws.test/"), "/",
            new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
            {
                ["X-Amz-Target"] = [target],
                ["Content-Type"] = [contentType],
            },
            Encoding.UTF8.GetBytes(body));
}
