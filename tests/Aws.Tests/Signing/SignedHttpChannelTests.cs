using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using ChaosDashboard.Aws.Ecs;
using ChaosDashboard.Aws.Errors;
using ChaosDashboard.Aws.Fis;
using ChaosDashboard.Aws.Logs;
using ChaosDashboard.Aws.Signing;
using ChaosDashboard.Aws.Tests.Infrastructure;

namespace ChaosDashboard.Aws.Tests.Signing;

public sealed class SignedHttpChannelTests
{
    private const string Throttled = """{"__type":"ThrottlingException","message":"Rate exceeded"}""";

    [Theory]
    [InlineData("ecs")]
    [InlineData("fis")]
    [InlineData("logs")]
    public async Task Every_request_is_signed_with_SigV4_for_its_service_and_region(string service)
    {
        var handler = RecordingHandler.AlwaysJson("{}");
        await CallSomething(service, TestAws.Settings(), handler);

        var request = Assert.Single(handler.Requests);
        var authorization = SigV4Verifier.Parse(request.Header("Authorization")!);
        Assert.Equal(TestAws.AccessKey, authorization.AccessKey);
        Assert.Equal(TestAws.Region, authorization.Region);
        Assert.Equal(service, authorization.Service);
        Assert.Matches(new Regex(@"^\d{8}T\d{6}Z$"), request.Header("X-Amz-Date"));
        Assert.Equal(authorization.Date, request.Header("X-Amz-Date")![..8]);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(request.Body)), request.Header("X-Amz-Content-SHA256"));
        Assert.Contains("x-amz-date", authorization.SignedHeaders);
        Assert.Contains("host", authorization.SignedHeaders);
    }

    [Fact]
    public async Task The_signature_is_valid_for_the_request_as_it_arrives_on_the_wire()
    {
        using var server = new LoopbackServer(_ => LoopbackResponse.Json("""{"experiments":[]}"""));
        using (var ecs = EcsClient.Create(TestAws.Settings(server.BaseUrl)))
        {
            await ecs.StopTaskAsync("cluster", "task-1", "reason with spaces & symbols <>");
        }

        using (var fis = FisClient.Create(TestAws.Settings(server.BaseUrl)))
        {
            // A value that needs escaping in the query string.
            await fis.ListExperimentsAsync("EXT 1/2+3");
        }

        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, request =>
            Assert.Equal(SigV4Verifier.ExpectedSignature(request, TestAws.SecretKey), SigV4Verifier.Parse(request.Header("Authorization")!).Signature));
    }

    [Fact]
    public async Task A_session_token_travels_with_temporary_credentials()
    {
        var handler = RecordingHandler.AlwaysJson("{}");
        var settings = TestAws.Settings() with { Credentials = new SessionAWSCredentials(TestAws.AccessKey, TestAws.SecretKey, "session-token-1") };
        using var ecs = EcsClient.Create(settings, handler);

        await ecs.ListClustersAsync();

        Assert.Equal("session-token-1", Assert.Single(handler.Requests).Header("X-Amz-Security-Token"));
    }

    [Fact]
    public async Task Throttling_is_retried_and_every_attempt_is_signed_anew()
    {
        var attempts = 0;
        using var server = new LoopbackServer(_ => Interlocked.Increment(ref attempts) <= 2
            ? new LoopbackResponse(400, Throttled)
            : LoopbackResponse.Json("""{"clusterArns":["arn:aws:ecs:us-east-1:1:cluster/a"]}"""));
        using var ecs = EcsClient.Create(TestAws.Settings(server.BaseUrl));

        var clusters = await ecs.ListClustersAsync();

        Assert.Single(clusters);
        Assert.Equal(3, server.Requests.Count);
        Assert.All(server.Requests, request =>
        {
            // One signature per attempt, not the previous attempt's plus a new one.
            Assert.Single(Regex.Matches(request.Header("Authorization")!, "AWS4-HMAC-SHA256"));
            Assert.Matches(new Regex(@"^\d{8}T\d{6}Z$"), request.Header("X-Amz-Date"));
            Assert.Equal(SigV4Verifier.ExpectedSignature(request, TestAws.SecretKey), SigV4Verifier.Parse(request.Header("Authorization")!).Signature);
        });
    }

    [Fact]
    public async Task Each_attempt_is_a_new_request_message()
    {
        var handler = new RecordingHandler((_, attempt, _) => Task.FromResult(attempt == 1
            ? RecordingHandler.Json(HttpStatusCode.BadRequest, Throttled)
            : RecordingHandler.Json(HttpStatusCode.OK, "{}")));
        using var ecs = EcsClient.Create(TestAws.Settings(), handler);

        await ecs.ListClustersAsync();

        Assert.Equal(2, handler.Messages.Count);
        Assert.NotSame(handler.Messages[0], handler.Messages[1]);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task Server_errors_and_too_many_requests_are_retried(int status)
    {
        var handler = new RecordingHandler((_, attempt, _) => Task.FromResult(attempt == 1
            ? RecordingHandler.Json((HttpStatusCode)status, """{"__type":"ServerException","message":"try again"}""")
            : RecordingHandler.Json(HttpStatusCode.OK, """{"clusterArns":[]}""")));
        using var ecs = EcsClient.Create(TestAws.Settings(), handler);

        await ecs.ListClustersAsync();

        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Retries_are_bounded_and_the_last_error_is_reported()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json(HttpStatusCode.ServiceUnavailable,
            """{"__type":"ServiceUnavailableException","message":"Service is down"}""", ("x-amzn-RequestId", "req-4")));
        using var ecs = EcsClient.Create(TestAws.Settings(), handler);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => ecs.ListClustersAsync());

        Assert.Equal(TestAws.FastRetry.MaxAttempts, handler.Requests.Count);
        Assert.Equal(503, error.HttpStatus);
        Assert.Equal("ServiceUnavailableException", error.Code);
        Assert.Equal("req-4", error.RequestId);
    }

    [Fact]
    public async Task Client_errors_are_not_retried_and_read_well()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json(HttpStatusCode.BadRequest,
            """{"__type":"com.amazonaws.ecs#AccessDeniedException","message":"User: arn:aws:iam::123456789012:user/jane is not authorized to perform: ecs:RunTask"}"""));
        using var ecs = EcsClient.Create(TestAws.Settings(), handler);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => ecs.RunTaskAsync(new RunTaskRequest { TaskDefinition = "td" }));

        Assert.Single(handler.Requests);
        Assert.Equal("ECS RunTask failed: AccessDeniedException — User: arn:aws:iam::123456789012:user/jane is not authorized to perform: ecs:RunTask", error.Message);
        Assert.False(error.IsThrottling);
    }

    [Fact]
    public async Task A_slow_attempt_times_out_and_is_retried()
    {
        var handler = new RecordingHandler(async (_, attempt, cancellationToken) =>
        {
            if (attempt == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            }

            return RecordingHandler.Json(HttpStatusCode.OK, """{"clusterArns":[]}""");
        });
        using var ecs = EcsClient.Create(TestAws.Settings(retry: TestAws.FastRetry with { AttemptTimeout = TimeSpan.FromMilliseconds(200) }), handler);

        await ecs.ListClustersAsync();

        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Attempts_that_all_time_out_end_in_a_timeout_error()
    {
        var handler = new RecordingHandler(async (_, _, cancellationToken) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            return RecordingHandler.Json(HttpStatusCode.OK, "{}");
        });
        using var ecs = EcsClient.Create(TestAws.Settings(retry: TestAws.FastRetry with { MaxAttempts = 2, AttemptTimeout = TimeSpan.FromMilliseconds(100) }), handler);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => ecs.ListClustersAsync());

        Assert.Equal(AwsErrorCodes.Timeout, error.Code);
        Assert.Equal(0, error.HttpStatus);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_then_reported_as_a_network_error()
    {
        var closedPort = new Uri("http://127.0.0.1:1/");
        using var ecs = EcsClient.Create(TestAws.Settings(closedPort, TestAws.FastRetry with { MaxAttempts = 2 }));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => ecs.ListClustersAsync());

        Assert.Equal(AwsErrorCodes.NetworkError, error.Code);
        Assert.StartsWith("ECS ListClusters failed: NetworkError — ", error.Message);
    }

    [Theory]
    [InlineData("this is not JSON")]
    [InlineData("""{"tasks":[{"taskArn":"arn:aws:ecs:us-east-1:1:task/c/1","lastStatus":"RUN""")]
    [InlineData("""{"tasks":"not a list"}""")]
    [InlineData("""{"tasks":[{"createdAt":true}]}""")]
    [InlineData("""{"tasks":null}""")]
    [InlineData("null")]
    [InlineData("[]")]
    public async Task A_malformed_success_body_becomes_a_MalformedResponse_error(string body)
    {
        var handler = RecordingHandler.AlwaysJson(body);
        using var ecs = EcsClient.Create(TestAws.Settings(), handler);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => ecs.DescribeTasksAsync("c", ["1"]));

        Assert.Equal(AwsErrorCodes.MalformedResponse, error.Code);
        Assert.Equal(200, error.HttpStatus);
        Assert.StartsWith("ECS DescribeTasks failed: MalformedResponse — ", error.Message);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_not_turned_into_an_error()
    {
        var handler = new RecordingHandler(async (_, _, cancellationToken) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            return RecordingHandler.Json(HttpStatusCode.OK, "{}");
        });
        using var ecs = EcsClient.Create(TestAws.Settings(), handler);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ecs.ListClustersAsync(cancellation.Token));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Redirects_are_not_followed()
    {
        using var server = new LoopbackServer(_ => new LoopbackResponse(307, "")
        {
            Headers = [("Location", "http://127.0.0.1:1/elsewhere")],
        });
        using var ecs = EcsClient.Create(TestAws.Settings(server.BaseUrl));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => ecs.ListClustersAsync());

        Assert.Equal(307, error.HttpStatus);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Retries_are_reported_to_the_caller()
    {
        var events = new List<AwsRetryEvent>();
        var handler = new RecordingHandler((_, attempt, _) => Task.FromResult(attempt <= 2
            ? RecordingHandler.Json(HttpStatusCode.BadRequest, Throttled)
            : RecordingHandler.Json(HttpStatusCode.OK, "{}")));
        using var logs = LogsClient.Create(TestAws.Settings(retry: TestAws.FastRetry with { OnRetry = events.Add }), handler);

        await logs.DescribeLogGroupsAsync();

        Assert.Equal(2, events.Count);
        Assert.All(events, e =>
        {
            Assert.Equal("CloudWatch Logs", e.Service);
            Assert.Equal("DescribeLogGroups", e.Operation);
            Assert.Contains("ThrottlingException", e.Reason);
        });
        Assert.Equal([1, 2], events.Select(e => e.FailedAttempt));
    }

    [Fact]
    public async Task Missing_credentials_surface_as_CredentialsUnavailable()
    {
        var handler = RecordingHandler.AlwaysJson("{}");
        using var ecs = EcsClient.Create(TestAws.Settings() with { Credentials = new UnavailableCredentials() }, handler);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => ecs.ListClustersAsync());

        Assert.Equal(AwsErrorCodes.CredentialsUnavailable, error.Code);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public void An_unknown_profile_is_reported_when_the_client_is_built()
    {
        var settings = new AwsSettings { Region = "us-east-1", Profile = "no-such-profile-" + Guid.NewGuid().ToString("N") };

        var error = Assert.Throws<InvalidOperationException>(() => EcsClient.Create(settings));

        Assert.Contains("no-such-profile-", error.Message);
    }

    private static async Task CallSomething(string service, AwsSettings settings, HttpMessageHandler handler)
    {
        switch (service)
        {
            case "ecs":
                using (var ecs = EcsClient.Create(settings, handler))
                {
                    await ecs.StopTaskAsync("cluster", "task", "reason");
                }

                break;
            case "fis":
                using (var fis = FisClient.Create(settings, handler))
                {
                    await fis.ListExperimentTemplatesAsync();
                }

                break;
            case "logs":
                using (var logs = LogsClient.Create(settings, handler))
                {
                    await logs.DescribeLogGroupsAsync("FisStopTask");
                }

                break;
        }
    }

    private sealed class UnavailableCredentials : AWSCredentials
    {
        public override ImmutableCredentials GetCredentials() =>
            throw new AmazonClientException("Failed to resolve AWS credentials. The credential providers used to search for credentials returned no credentials.");

        public override Task<ImmutableCredentials> GetCredentialsAsync() => Task.FromResult(GetCredentials());
    }
}
