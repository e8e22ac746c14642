using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ChaosDashboard.Aws.Tests.Infrastructure;

/// <summary>An HTTP server on 127.0.0.1 that records each request and answers with <see cref="LoopbackResponse"/>s.</summary>
public sealed class LoopbackServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<CapturedRequest, LoopbackResponse> _respond;
    private readonly ConcurrentQueue<CapturedRequest> _requests = new();
    private readonly Task _loop;

    public LoopbackServer(Func<CapturedRequest, LoopbackResponse> respond)
    {
        _respond = respond;
        (_listener, Port) = StartOnFreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{Port}/");
        _loop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    public Uri BaseUrl { get; }

    public IReadOnlyList<CapturedRequest> Requests => _requests.ToList();

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The accept loop ends with an exception when the listener closes.
        }
    }

    private static (HttpListener, int) StartOnFreePort()
    {
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();

            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return (listener, port);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                // Another process took the port in between; try another.
                listener.Close();
            }
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in context.Request.Headers.AllKeys.OfType<string>())
            {
                // The raw value: GetValues would split an Authorization header at its commas.
                headers[name] = [context.Request.Headers[name] ?? ""];
            }

            var captured = new CapturedRequest(
                context.Request.HttpMethod, context.Request.Url!, context.Request.RawUrl ?? "/", headers, body.ToArray());
            _requests.Enqueue(captured);

            var answer = _respond(captured);
            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = answer.ContentType;
            foreach (var (name, value) in answer.Headers)
            {
                context.Response.Headers[name] = value;
            }

            var bytes = Encoding.UTF8.GetBytes(answer.Body);
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception) when (!_listener.IsListening)
        {
            // Shutting down.
        }
    }
}

public sealed record LoopbackResponse(int Status, string Body, string ContentType = "application/x-amz-json-1.1")
{
    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = [];

    public static LoopbackResponse Json(string body) => new(200, body);
}
