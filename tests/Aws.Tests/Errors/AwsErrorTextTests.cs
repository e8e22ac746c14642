using ChaosDashboard.Aws.Errors;

namespace ChaosDashboard.Aws.Tests.Errors;

/// <summary>Every failure of an AWS call reads as one line a workshop participant can act on.</summary>
public sealed class AwsErrorTextTests
{
    [Fact]
    public void A_service_error_keeps_the_service_operation_and_reason_and_ends_with_one_full_stop()
    {
        var error = new AwsServiceException("ECS", "RunTask", 400, "AccessDeniedException", "User x is not authorized.", "req-1");
        var text = AwsErrorText.Describe(error);
        Assert.StartsWith("ECS RunTask failed", text);
        Assert.Contains("is not authorized", text);
        Assert.EndsWith(".", text);
        Assert.False(text.EndsWith("..", StringComparison.Ordinal));
    }

    [Fact]
    public void Network_and_time_failures_say_what_happened_without_a_type_name()
    {
        Assert.Equal("AWS could not be reached: connection refused", AwsErrorText.Describe(new HttpRequestException("connection refused")));
        Assert.Equal("AWS did not answer in time.", AwsErrorText.Describe(new TimeoutException()));
        Assert.Equal("AWS did not answer in time.", AwsErrorText.Describe(new TaskCanceledException()));
    }

    [Fact]
    public void Settings_errors_are_their_message_and_anything_else_names_its_type()
    {
        Assert.Equal("No region", AwsErrorText.Describe(new InvalidOperationException("No region")));
        Assert.Equal("AWS credentials or settings: no profile", AwsErrorText.Describe(new Amazon.Runtime.AmazonClientException("no profile")));
        Assert.Equal("FormatException: bad", AwsErrorText.Describe(new FormatException("bad")));
    }
}
