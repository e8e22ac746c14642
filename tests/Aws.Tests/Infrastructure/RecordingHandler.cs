using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace ChaosDashboard.Aws.Tests.Infrastructure;

/// <summary>
/// The innermost handler of a client under test: keeps every request exactly as signed and answers
/// through <see cref="Respond"/>. The attempt number counts requests received so far, from 1.
/// </summary>
public sealed class RecordingHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<CapturedRequest> _requests = new();
    private readonly ConcurrentQueue<HttpRequestMessage> _messages = new();
    private int _count;

    public RecordingHandler(Func<CapturedRequest, int, CancellationToken, Task<HttpResponseMessage>> respond) => Respond = respond;

    public RecordingHandler(Func<CapturedRequest, HttpResponseMessage> respond)
        : this((request, _, _) => Task.FromResult(respond(request)))
    {
    }

    public Func<CapturedRequest, int, CancellationToken, Task<HttpResponseMessage>> Respond { get; }

    public IReadOnlyList<CapturedRequest> Requests => _requests.ToList();

    /// <summary>The request objects themselves, to tell whether an attempt was a new request.</summary>
    public IReadOnlyList<HttpRequestMessage> Messages => _messages.ToList();

    public static RecordingHandler AlwaysJson(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(_ => Json(status, json));

    public static HttpResponseMessage Json(HttpStatusCode status, string json, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/x-amz-json-1.1") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var captured = await CapturedRequest.FromAsync(request, cancellationToken);
        _requests.Enqueue(captured);
        _messages.Enqueue(request);
        var attempt = Interlocked.Increment(ref _count);
        var response = await Respond(captured, attempt, cancellationToken);
        response.RequestMessage = request;
        return response;
    }
}
