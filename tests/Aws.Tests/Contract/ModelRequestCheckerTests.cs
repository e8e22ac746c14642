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

    private static CapturedRequest AwsJsonRequest(string target, string body, string contentType = "application/x-amz-json-1.1") =>
        new("POST", new Uri("http://aws.test/"), "/",
            new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
            {
                ["X-Amz-Target"] = [target],
                ["Content-Type"] = [contentType],
            },
            Encoding.UTF8.GetBytes(body));
}
