using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using ChaosDashboard.FakeAws;

namespace ChaosDashboard.BrowserTests.AwsMode;

/// <summary>
/// The fake AWS itself, spoken to on the wire with SigV4-signed requests: if it drifted from AWS's
/// behaviour, the browser tests that rely on it would prove less than they claim.
/// </summary>
public sealed class FakeAwsWireTests : IAsyncLifetime
{
    FakeAwsServer _aws = null!;

    public async Task InitializeAsync() => _aws = await FakeAwsServer.StartAsync(new FakeAwsOptions { LogPageSize = 3 });

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    HttpClient Signed(string service) => new(new SigV4SigningHandler(
        new BasicAWSCredentials("AKIDWIRETEST", "wire-test-secret"), RegionEndpoint.USEast1, service, new SocketsHttpHandler()));

    async Task<(HttpStatusCode Status, JsonObject Body)> CallJson(string service, string target, object body, string contentType = FakeAwsServer.AwsJsonContentType)
    {
        using var http = Signed(service);
        using var request = new HttpRequestMessage(HttpMethod.Post, _aws.Url)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(body))),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    Task<(HttpStatusCode Status, JsonObject Body)> Logs(string operation, object body) => CallJson("logs", $"Logs_20140328.{operation}", body);

    Task<(HttpStatusCode Status, JsonObject Body)> Ecs(string operation, object body) => CallJson("ecs", $"AmazonEC2ContainerServiceV20141113.{operation}", body);

    [Fact]
    public async Task GetLogEvents_pages_forward_and_hands_back_the_same_token_at_the_end_of_the_stream()
    {
        const string stream = "BatchJobEcs/BatchJob/0123456789abcdef0123456789abcdef";
        for (var i = 0; i < 7; i++) _aws.Logs.Append(stream, $"line {i}");

        var read = new List<string>();
        string? token = null;
        var pages = 0;
        while (true)
        {
            var (status, page) = await Logs("GetLogEvents", new { logGroupName = "FisStopTaskLogs", logStreamName = stream, startFromHead = true, nextToken = token });
            Assert.Equal(HttpStatusCode.OK, status);
            var events = page["events"]!.AsArray();
            Assert.True(events.Count <= 3, "a page holds at most LogPageSize events");
            read.AddRange(events.Select(e => (string)e!["message"]!));
            Assert.All(events, e => Assert.True(e!["timestamp"]!.GetValue<long>() > 1_600_000_000_000, "timestamps are epoch milliseconds"));
            var next = (string)page["nextForwardToken"]!;
            pages++;
            if (next == token) break;
            token = next;
        }
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"line {i}"), read);
        Assert.Equal(4, pages);

        // The token at the end keeps working: later lines come from it, and only they.
        _aws.Logs.Append(stream, "line 7");
        var (_, more) = await Logs("GetLogEvents", new { logGroupName = "FisStopTaskLogs", logStreamName = stream, startFromHead = true, nextToken = token });
        Assert.Equal(new[] { "line 7" }, more["events"]!.AsArray().Select(e => (string)e!["message"]!));

        var (missing, error) = await Logs("GetLogEvents", new { logGroupName = "FisStopTaskLogs", logStreamName = "BatchJobEcs/BatchJob/none", startFromHead = true });
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.Equal("ResourceNotFoundException", (string?)error["__type"]);
    }

    [Fact]
    public async Task RunTask_is_idempotent_per_client_token_and_reports_an_unplaceable_task_in_failures()
    {
        object Run(string token, string subnet) => new
        {
            cluster = "FisStackECS-Cluster",
            taskDefinition = "FisStopTaskStackTaskDef",
            launchType = "FARGATE",
            networkConfiguration = new { awsvpcConfiguration = new { subnets = new[] { subnet }, assignPublicIp = "DISABLED" } },
            tags = new[] { new { key = "fisTarget", value = "true" } },
            clientToken = token,
        };

        var (_, first) = await Ecs("RunTask", Run("token-1", "subnet-0abc"));
        var (_, again) = await Ecs("RunTask", Run("token-1", "subnet-0abc"));
        var arn = (string)first["tasks"]![0]!["taskArn"]!;
        Assert.Equal(arn, (string)again["tasks"]![0]!["taskArn"]!);
        Assert.Single(_aws.Ecs.Tasks);
        Assert.True(first["tasks"]![0]!["createdAt"]!.GetValue<decimal>() > 1_600_000_000m, "createdAt is epoch seconds");

        var (status, full) = await Ecs("RunTask", Run("token-2", "subnet-0full"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(full["tasks"]!.AsArray());
        Assert.Equal("RESOURCE:ENI", (string?)full["failures"]![0]!["reason"]);

        var (_, described) = await Ecs("DescribeTasks", new { cluster = "FisStackECS-Cluster", tasks = new[] { arn, "ffffffffffffffffffffffffffffffff" }, include = new[] { "TAGS" } });
        Assert.Equal(arn, (string)described["tasks"]![0]!["taskArn"]!);
        Assert.Equal("true", (string?)described["tasks"]![0]!["tags"]![0]!["value"]);
        Assert.Equal("MISSING", (string?)described["failures"]![0]!["reason"]);

        var (_, stopped) = await Ecs("StopTask", new { cluster = "FisStackECS-Cluster", task = arn, reason = "Task stopped by a test" });
        Assert.Equal("STOPPED", (string?)stopped["task"]!["desiredStatus"]);
        Assert.Equal("UserInitiated", (string?)stopped["task"]!["stopCode"]);
        Assert.Equal("Task stopped by a test", (string?)stopped["task"]!["stoppedReason"]);
    }

    [Fact]
    public async Task A_wrong_content_type_or_a_missing_signature_is_refused_and_recorded()
    {
        var (status, body) = await CallJson("ecs", "AmazonEC2ContainerServiceV20141113.ListClusters", new { }, "application/x-amz-json-1.1; charset=utf-8");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Content-Type", (string?)body["message"]);

        using var unsigned = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, _aws.Url) { Content = new StringContent("{}") };
        request.Content.Headers.ContentType = new(FakeAwsServer.AwsJsonContentType);
        request.Headers.Add("X-Amz-Target", "Logs_20140328.DescribeLogGroups");
        Assert.Equal(HttpStatusCode.BadRequest, (await unsigned.SendAsync(request)).StatusCode);

        Assert.Equal(2, _aws.Violations.Count);
        Assert.Equal(new[] { "ListClusters", "DescribeLogGroups" }, _aws.Requests.Select(r => r.Operation));
    }

    [Fact]
    public async Task Injected_faults_answer_as_AWS_does_for_as_many_calls_as_asked()
    {
        _aws.Faults.Inject("ListClusters", FaultKind.Throttling, times: 2);
        var answers = new List<(HttpStatusCode, JsonObject)>();
        for (var i = 0; i < 3; i++) answers.Add(await Ecs("ListClusters", new { }));

        Assert.All(answers.Take(2), a =>
        {
            Assert.Equal(HttpStatusCode.BadRequest, a.Item1);
            Assert.Equal("ThrottlingException", (string?)a.Item2["__type"]);
            Assert.Equal("Rate exceeded", (string?)a.Item2["message"]);
        });
        Assert.Equal(HttpStatusCode.OK, answers[2].Item1);
        Assert.Equal(2, _aws.Faults.Hits("ListClusters"));

        _aws.Faults.Deny("RunTask");
        var (denied, error) = await Ecs("RunTask", new { cluster = "FisStackECS-Cluster", taskDefinition = "FisStopTaskStackTaskDef" });
        Assert.Equal(HttpStatusCode.BadRequest, denied);
        Assert.Equal("AccessDeniedException", (string?)error["__type"]);
        Assert.StartsWith($"User: {_aws.CallerArn} is not authorized to perform: ecs:RunTask", (string?)error["message"]);
        Assert.Empty(_aws.Ecs.Tasks);
    }

    [Fact]
    public async Task GetCallerIdentity_answers_in_the_query_protocol_XML()
    {
        using var http = Signed("sts");
        var response = await http.PostAsync(_aws.Url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Action"] = "GetCallerIdentity",
            ["Version"] = "2011-06-15",
        }));
        var xml = System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync());
        System.Xml.Linq.XNamespace ns = "https://sts.amazonaws.com/doc/2011-06-15/";
        var result = xml.Root!.Element(ns + "GetCallerIdentityResult")!;
        Assert.Equal("GetCallerIdentityResponse", xml.Root.Name.LocalName);
        Assert.Equal(_aws.Options.Account, result.Element(ns + "Account")!.Value);
        Assert.Equal(_aws.CallerArn, result.Element(ns + "Arn")!.Value);
        Assert.False(string.IsNullOrEmpty(result.Element(ns + "UserId")!.Value));
    }
}
