using System.Text;
using ChaosDashboard.Aws.Errors;
using ChaosDashboard.Aws.Signing;

namespace ChaosDashboard.Aws.Tests.Errors;

public sealed class AwsErrorParserTests
{
    [Theory]
    [InlineData("""{"__type":"com.amazonaws.ecs#AccessDeniedException","message":"nope"}""", "AccessDeniedException")]
    [InlineData("""{"__type":"ThrottlingException","message":"Rate exceeded"}""", "ThrottlingException")]
    [InlineData("""{"__type":"aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/","message":"x"}""", "FooError")]
    [InlineData("""{"code":"ResourceNotFoundException","message":"Experiment not found"}""", "ResourceNotFoundException")]
    [InlineData("""{"Code":"ValidationException","Message":"bad"}""", "ValidationException")]
    public void The_code_comes_from_the_body(string body, string expectedCode)
    {
        var error = AwsErrorParser.FromResponse("ECS", "RunTask", Response(400, body));
        Assert.Equal(expectedCode, error.Code);
    }

    [Fact]
    public void The_header_code_wins_and_is_stripped_of_its_url()
    {
        var error = AwsErrorParser.FromResponse("FIS", "StartExperiment", Response(402,
            """{"message":"You have reached the quota for active experiments"}""",
            ("x-amzn-ErrorType", "ServiceQuotaExceededException:http://internal.amazon.com/coral/com.amazonaws.fis/"),
            ("x-amzn-RequestId", "abc-123")));

        Assert.Equal("ServiceQuotaExceededException", error.Code);
        Assert.Equal(402, error.HttpStatus);
        Assert.Equal("abc-123", error.RequestId);
        Assert.Equal("FIS StartExperiment failed: ServiceQuotaExceededException — You have reached the quota for active experiments", error.Message);
    }

    [Fact]
    public void A_throttling_error_says_so()
    {
        var error = AwsErrorParser.FromResponse("CloudWatch Logs", "FilterLogEvents",
            Response(400, """{"__type":"ThrottlingException","message":"Rate exceeded"}"""));

        Assert.True(error.IsThrottling);
        Assert.Equal("CloudWatch Logs FilterLogEvents failed: ThrottlingException — Rate exceeded", error.Message);
        Assert.Equal("Rate exceeded", error.ServiceMessage);
    }

    [Fact]
    public void An_html_error_page_is_a_malformed_response_with_a_snippet()
    {
        var error = AwsErrorParser.FromResponse("ECS", "DescribeTasks",
            Response(502, "<html><body><h1>502 Bad Gateway</h1></body></html>"));

        Assert.Equal(AwsErrorCodes.MalformedResponse, error.Code);
        Assert.Equal(502, error.HttpStatus);
        Assert.Contains("502 Bad Gateway", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    public void An_error_without_any_code_is_named_after_its_status(string body)
    {
        var error = AwsErrorParser.FromResponse("FIS", "GetExperiment", Response(404, body));
        Assert.Equal("Http404", error.Code);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("Foo", "Foo")]
    [InlineData("ns#Foo", "Foo")]
    [InlineData("Foo:http://x/y", "Foo")]
    [InlineData("a.b#Foo:http://x/", "Foo")]
    public void Codes_are_normalised(string? raw, string? expected) =>
        Assert.Equal(expected, AwsErrorParser.NormalizeCode(raw));

    private static AwsHttpResponse Response(int status, string body, params (string Name, string Value)[] headers) =>
        new(status, null,
            headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase),
            Encoding.UTF8.GetBytes(body));
}
