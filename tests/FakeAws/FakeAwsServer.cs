using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChaosDashboard.FakeAws;

/// <summary>
/// ECS, FIS, CloudWatch Logs, STS and EC2 of one fake account, answering on one loopback port the way
/// AWS does on the wire. Point every AWS client's endpoint at <see cref="Url"/>. Each request is
/// checked (SigV4 Authorization with the right region and service, the awsJson or form content type) and
/// recorded; <see cref="Faults"/> spoils chosen calls.
/// </summary>
public sealed partial class FakeAwsServer : IAsyncDisposable
{
    public const string EcsTargetPrefix = "AmazonEC2ContainerServiceV20141113";
    public const string LogsTargetPrefix = "Logs_20140328";
    public const string AwsJsonContentType = "application/x-amz-json-1.1";

    readonly WebApplication _app;
    readonly IAmazonDynamoDB? _dynamoDb;
    readonly CancellationTokenSource _shutdown = new();
    readonly Lock _lock = new();
    readonly List<RecordedRequest> _requests = [];
    readonly List<string> _violations = [];

    FakeAwsServer(FakeAwsOptions options, WebApplication app, IAmazonDynamoDB? dynamoDb)
    {
        Options = options;
        _app = app;
        _dynamoDb = dynamoDb;
        Logs = new FakeLogs(options);
        Ecs = new FakeEcs(options, Logs, dynamoDb);
        Fis = new FakeFis(options, Ecs);
        Ec2 = new FakeEc2(options);
    }

    public FakeAwsOptions Options { get; }

    /// <summary>The base URL of every faked service, e.g. http://127.0.0.1:41234.</summary>
    public Uri Url { get; private set; } = null!;

    public FakeEcs Ecs { get; }
    public FakeFis Fis { get; }
    public FakeLogs Logs { get; }
    public FakeEc2 Ec2 { get; }
    public Faults Faults { get; } = new();

    public string CallerArn => $"arn:aws:iam::{Options.Account}:user/{Options.UserName}";

    /// <summary>Every request so far, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (_lock) return _requests.ToList(); }
    }

    public IReadOnlyList<RecordedRequest> RequestsOf(string operation) => Requests.Where(r => r.Operation == operation).ToList();

    /// <summary>What arrived that real AWS would refuse (unsigned, wrong scope, wrong content type); such calls were answered with an error.</summary>
    public IReadOnlyList<string> Violations
    {
        get { lock (_lock) return _violations.ToList(); }
    }

    public static async Task<FakeAwsServer> StartAsync(FakeAwsOptions? options = null)
    {
        options ??= new FakeAwsOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Port 0: Kestrel picks a free port, read back once it listens.
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();

        IAmazonDynamoDB? dynamoDb = null;
        if (options.DynamoDbEndpoint is { } endpoint)
            // The tasks' role, as far as dynalite cares: it checks that requests are signed, not by whom.
            dynamoDb = new AmazonDynamoDBClient(new BasicAWSCredentials("AKIDFAKETASKROLE", "fake-task-role-secret"), new AmazonDynamoDBConfig
            {
                ServiceURL = endpoint.ToString(),
                AuthenticationRegion = options.Region,
                Timeout = TimeSpan.FromSeconds(10),
                MaxErrorRetry = 3,
            });

        var server = new FakeAwsServer(options, app, dynamoDb);
        foreach (var operation in options.Denied) server.Faults.Deny(operation);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.Url = new Uri(app.Urls.First());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync();
        // SIGTERM to every task still going, so no batch job keeps writing into the table.
        var tasks = Ecs.Tasks;
        foreach (var task in tasks) Ecs.Stop(task.Id, "The fake AWS is shutting down");
        await Task.WhenAny(Task.WhenAll(tasks.Select(t => t.Stopped)), Task.Delay(TimeSpan.FromSeconds(10)));
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5))) await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
        _dynamoDb?.Dispose();
        _shutdown.Dispose();
    }

    sealed record Route(string Service, Protocol Protocol, string Operation, string? PathId = null);

    async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
            body = await reader.ReadToEndAsync(context.RequestAborted);
        var form = IsForm(request) ? ParseForm(body) : null;
        var route = Identify(request, form);
        var authorization = request.Headers.Authorization.ToString();
        var scope = CredentialScope().Match(authorization);

        lock (_lock)
            _requests.Add(new RecordedRequest(DateTimeOffset.UtcNow, route.Service, route.Operation, request.Method,
                request.Path + request.QueryString, request.ContentType, authorization.Length == 0 ? null : authorization,
                scope.Success ? scope.Groups["key"].Value : null, body));

        if (Check(route, request, scope) is { } violation)
        {
            lock (_lock) _violations.Add($"{route.Service} {route.Operation}: {violation}");
            await WriteAsync(context, route, AwsAnswer.Error(400, violation.StartsWith("Content-Type", StringComparison.Ordinal)
                ? "UnknownOperationException" : "IncompleteSignatureException", violation));
            return;
        }
        if (route.Operation == "?")
        {
            await WriteAsync(context, route, AwsAnswer.Error(400, "UnknownOperationException", $"The fake AWS has no operation for {request.Method} {request.Path}."));
            return;
        }

        var fault = Faults.Take(route.Operation);
        switch (fault)
        {
            case FaultKind.Throttling:
                await WriteAsync(context, route, route.Protocol == Protocol.Ec2
                    ? AwsAnswer.Error(503, "RequestLimitExceeded", "Request limit exceeded.")
                    : AwsAnswer.Error(400, route.Protocol == Protocol.Query ? "Throttling" : "ThrottlingException", "Rate exceeded"));
                return;
            case FaultKind.InternalError:
                await WriteAsync(context, route, AwsAnswer.Error(500, route.Protocol == Protocol.Ec2 ? "InternalError" : "InternalFailure",
                    "The request processing has failed because of an unknown error, exception or failure."));
                return;
            case FaultKind.ServiceUnavailable:
                await WriteAsync(context, route, AwsAnswer.Error(503, route.Protocol == Protocol.Ec2 ? "Unavailable" : "ServiceUnavailableException",
                    "Service is unavailable. Try again later."));
                return;
            case FaultKind.AccessDenied:
                var action = $"{route.Service}:{route.Operation}";
                var refusal = $"User: {CallerArn} is not authorized to perform: {action} because no identity-based policy allows the {action} action";
                await WriteAsync(context, route, route.Protocol switch
                {
                    // EC2 words it its own way, and says UnauthorizedOperation.
                    Protocol.Ec2 => AwsAnswer.Error(403, "UnauthorizedOperation", $"You are not authorized to perform this operation. {refusal}"),
                    Protocol.Query => AwsAnswer.Error(403, "AccessDenied", refusal),
                    Protocol.AwsJson11 => AwsAnswer.Error(400, "AccessDeniedException", refusal),
                    _ => AwsAnswer.Error(403, "AccessDeniedException", refusal),
                });
                return;
            case FaultKind.Hang:
                using (var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _shutdown.Token))
                {
                    try
                    {
                        await Task.Delay(Options.HangDuration, stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
                break;
        }

        AwsAnswer answer;
        try
        {
            answer = Dispatch(route, request, body, form);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            // A member of the wrong JSON type, say a number sent as a string.
            answer = AwsAnswer.Error(400, route.Protocol is Protocol.Query or Protocol.Ec2 ? "MalformedInput" : "SerializationException", e.Message);
        }
        await WriteAsync(context, route, answer, fault);
    }

    AwsAnswer Dispatch(Route route, HttpRequest request, string body, Dictionary<string, string>? form)
    {
        if (route.Service == "sts") return Sts(form!);
        if (route.Service == "ec2") return Ec2.Handle(route.Operation, form!);
        var json = body.Trim().Length == 0 ? new JsonObject() : JsonNode.Parse(body) as JsonObject
            ?? throw new JsonException("The body is not a JSON object.");
        var call = new AwsCall(route.Service, route.Operation, json, request.Query, route.PathId);
        return route.Service switch
        {
            "ecs" => Ecs.Handle(call),
            "logs" => Logs.Handle(call),
            _ => Fis.Handle(call),
        };
    }

    /// <summary>STS answers in XML, written by <see cref="WriteAsync"/>; only GetCallerIdentity is faked.</summary>
    static AwsAnswer Sts(Dictionary<string, string> form) =>
        form.GetValueOrDefault("Action") != "GetCallerIdentity" || form.GetValueOrDefault("Version") != "2011-06-15"
            ? AwsAnswer.Error(400, "InvalidAction", $"Could not find operation {form.GetValueOrDefault("Action")} for version {form.GetValueOrDefault("Version")}")
            : new AwsAnswer(200, null);

    static Route Identify(HttpRequest request, Dictionary<string, string>? form)
    {
        var target = request.Headers["X-Amz-Target"].ToString();
        if (target.Length > 0)
        {
            var dot = target.IndexOf('.');
            var (prefix, operation) = dot < 0 ? (target, "?") : (target[..dot], target[(dot + 1)..]);
            return prefix switch
            {
                EcsTargetPrefix => new Route("ecs", Protocol.AwsJson11, operation),
                LogsTargetPrefix => new Route("logs", Protocol.AwsJson11, operation),
                _ => new Route("?", Protocol.AwsJson11, "?"),
            };
        }
        if (form is not null)
        {
            // One port serves both query-protocol services; the API version tells them apart, as the host name does at AWS.
            var action = form.GetValueOrDefault("Action") is { Length: > 0 } named ? named : "?";
            return form.GetValueOrDefault("Version") == FakeEc2.ApiVersion
                ? new Route("ec2", Protocol.Ec2, action)
                : new Route("sts", Protocol.Query, action);
        }

        var segments = request.Path.Value?.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var id = segments.Length > 1 ? Uri.UnescapeDataString(segments[1]) : null;
        var operationName = (request.Method, segments) switch
        {
            ("GET", ["experimentTemplates"]) => "ListExperimentTemplates",
            ("GET", ["experimentTemplates", _]) => "GetExperimentTemplate",
            ("POST", ["experiments"]) => "StartExperiment",
            ("GET", ["experiments"]) => "ListExperiments",
            ("GET", ["experiments", _]) => "GetExperiment",
            ("DELETE", ["experiments", _]) => "StopExperiment",
            ("GET", ["experiments", _, "resolvedTargets"]) => "ListExperimentResolvedTargets",
            _ => "?",
        };
        return new Route("fis", Protocol.RestJson1, operationName, id);
    }

    /// <summary>What real AWS would refuse before looking at the operation; null when the request is well formed.</summary>
    string? Check(Route route, HttpRequest request, Match scope)
    {
        if (!scope.Success)
            return $"Authorization must be 'AWS4-HMAC-SHA256 Credential=<key>/<date>/{Options.Region}/{route.Service}/aws4_request, SignedHeaders=…, Signature=…', not '{request.Headers.Authorization}'";
        if (scope.Groups["region"].Value != Options.Region)
            return $"the signature is scoped to region {scope.Groups["region"].Value}, not {Options.Region}";
        if (route.Service != "?" && scope.Groups["service"].Value != route.Service)
            return $"the signature is scoped to service {scope.Groups["service"].Value}, not {route.Service}";
        if (!request.Headers.ContainsKey("X-Amz-Date"))
            return "X-Amz-Date is missing";
        if (route.Protocol == Protocol.AwsJson11 && (request.Method != "POST" || request.Path != "/"))
            return $"awsJson calls are POST /, not {request.Method} {request.Path}";
        if (route.Protocol == Protocol.AwsJson11 && request.ContentType != AwsJsonContentType)
            return $"Content-Type must be exactly {AwsJsonContentType}, not '{request.ContentType}'";
        if (route.Protocol == Protocol.Ec2 && request.Path != "/")
            return $"EC2 calls are POST /, not {request.Method} {request.Path}";
        if (route.Protocol == Protocol.RestJson1 && request.ContentLength > 0 && request.ContentType != "application/json")
            return $"Content-Type of a FIS body must be application/json, not '{request.ContentType}'";
        return null;
    }

    async Task WriteAsync(HttpContext context, Route route, AwsAnswer answer, FaultKind? fault = null)
    {
        var response = context.Response;
        var requestId = Ids.RequestId();
        response.StatusCode = answer.Status;
        string text;
        if (route.Protocol == Protocol.Ec2)
        {
            response.ContentType = "text/xml;charset=UTF-8";
            text = answer.IsError ? Ec2Error(answer, requestId) : answer.Document!.ToString(System.Xml.Linq.SaveOptions.DisableFormatting);
        }
        else if (route.Protocol == Protocol.Query)
        {
            response.ContentType = "text/xml";
            response.Headers["x-amzn-RequestId"] = requestId;
            text = answer.IsError ? QueryError(answer, requestId) : CallerIdentity(requestId);
        }
        else
        {
            response.ContentType = route.Protocol == Protocol.AwsJson11 ? AwsJsonContentType : "application/json";
            response.Headers["x-amzn-RequestId"] = requestId;
            if (answer.IsError && route.Protocol == Protocol.RestJson1) response.Headers["x-amzn-ErrorType"] = answer.ErrorCode;
            var json = answer.IsError
                ? route.Protocol == Protocol.AwsJson11
                    ? new JsonObject { ["__type"] = answer.ErrorCode, ["message"] = answer.ErrorMessage }
                    : new JsonObject { ["message"] = answer.ErrorMessage }
                : answer.Json ?? new JsonObject();
            text = json.ToJsonString();
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        switch (fault)
        {
            case FaultKind.MalformedBody:
                // A complete HTTP answer whose document stops half-way.
                bytes = bytes[..(bytes.Length / 2)];
                break;
            case FaultKind.TruncatedBody:
                response.ContentLength = bytes.Length;
                await response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
                await response.Body.FlushAsync();
                context.Abort();
                return;
        }
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes);
    }

    string CallerIdentity(string requestId) => $"""
        <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <GetCallerIdentityResult>
            <Arn>{CallerArn}</Arn>
            <UserId>AIDAFAKEWORKSHOPUSER1</UserId>
            <Account>{Options.Account}</Account>
          </GetCallerIdentityResult>
          <ResponseMetadata>
            <RequestId>{requestId}</RequestId>
          </ResponseMetadata>
        </GetCallerIdentityResponse>
        """;

    static string QueryError(AwsAnswer answer, string requestId) => $"""
        <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <Error>
            <Type>{(answer.Status >= 500 ? "Receiver" : "Sender")}</Type>
            <Code>{answer.ErrorCode}</Code>
            <Message>{System.Security.SecurityElement.Escape(answer.ErrorMessage)}</Message>
          </Error>
          <RequestId>{requestId}</RequestId>
        </ErrorResponse>
        """;

    /// <summary>EC2's error document: Response/Errors/Error, and RequestID spelt so.</summary>
    static string Ec2Error(AwsAnswer answer, string requestId) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + $"<Response><Errors><Error><Code>{answer.ErrorCode}</Code><Message>{System.Security.SecurityElement.Escape(answer.ErrorMessage)}</Message>"
        + $"</Error></Errors><RequestID>{requestId}</RequestID></Response>";

    static bool IsForm(HttpRequest request) =>
        request.Method == "POST" && request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;

    static Dictionary<string, string> ParseForm(string body) =>
        body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .GroupBy(pair => Uri.UnescapeDataString(pair[0].Replace('+', ' ')))
            .ToDictionary(g => g.Key, g => g.First() is [_, var value] ? Uri.UnescapeDataString(value.Replace('+', ' ')) : "");

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/,\s]+)/(?<date>\d{8})/(?<region>[a-z0-9-]+)/(?<service>[a-z0-9-]+)/aws4_request,\s*SignedHeaders=[a-z0-9;-]+,\s*Signature=[0-9a-f]{64}$")]
    private static partial Regex CredentialScope();
}
