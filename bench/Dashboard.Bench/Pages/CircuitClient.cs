using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChaosDashboard.Bench.Pages;

/// <summary>
/// A page's circuit without a browser, for viewer counts headless Chromium cannot hold on this machine.
/// It does what blazor.web.js does on the wire: loads the page, takes the prerendered components' markers
/// and state from its HTML, opens /_blazor with the "blazorpack" protocol, StartCircuit and then
/// UpdateRootComponents with those markers, acknowledges every render batch (the server stops rendering for
/// a client more than a few batches behind, as for a slow browser) and answers every JS call with success.
/// What it cannot do is run the page's JS: a virtualised list gets no viewport, so it draws no rows. The
/// time a numbered log line's text first arrives in a render batch is noted as the page's "seen" time;
/// the presenter page, whose console is not virtualised, shows those lines.
/// </summary>
sealed partial class CircuitClient : IAsyncDisposable
{
    static readonly byte[] MarkerPrefix = "burst line "u8.ToArray();
    readonly HubConnection _connection;
    readonly Dictionary<long, (double ServerMs, double SeenMs)> _seen = [];
    long _nextJsObjectId = 1000;

    public int RenderBatches { get; private set; }
    public long RenderBytes { get; private set; }
    public string? Error { get; private set; }
    public bool Closed { get; private set; }

    CircuitClient(HubConnection connection) => _connection = connection;

    public Dictionary<long, (double ServerMs, double SeenMs)> Seen
    {
        get { lock (_seen) return new(_seen); }
    }

    public void ResetSeen()
    {
        lock (_seen) _seen.Clear();
    }

    public static async Task<CircuitClient> OpenAsync(HttpClient http, string baseUrl, string path)
    {
        var html = await http.GetStringAsync(path);
        var markers = MarkerPattern().Matches(html).Select(m => JsonDocument.Parse(m.Groups[1].Value).RootElement)
            .Where(m => m.TryGetProperty("descriptor", out _)).ToList();
        var state = StatePattern().Match(html) is { Success: true } s ? s.Groups[1].Value : "";
        if (markers.Count == 0) throw new InvalidOperationException($"No server component markers in {path}.");

        var builder = new HubConnectionBuilder().WithUrl(baseUrl + "/_blazor");
        builder.Services.RemoveAll<IHubProtocol>();
        builder.Services.AddSingleton<IHubProtocol>(new BlazorPack());
        var connection = builder.Build();
        connection.ServerTimeout = TimeSpan.FromMinutes(2);
        var client = new CircuitClient(connection);

        connection.On<long, byte[]>("JS.RenderBatch", async (batchId, batch) =>
        {
            client.Note(batch);
            client.RenderBatches++;
            client.RenderBytes += batch.Length;
            await connection.SendAsync("OnRenderCompleted", batchId, (string?)null);
        });
        // .NET 10 sends a sixth argument, the kind of call (a function, a constructor, a property): a handler
        // for five never ran, and every JS call of a page was left unanswered until the server gave up on it.
        connection.On<long, string, string, int, long, int>("JS.BeginInvokeJS", async (taskId, identifier, argsJson, resultType, targetInstanceId, callType) =>
        {
            // 1 = a JS object reference is expected (such as a module import): hand back a made-up one.
            var result = resultType == 1 || identifier == "import"
                ? $"{{\"__jsObjectId\":{Interlocked.Increment(ref client._nextJsObjectId)}}}"
                : "null";
            await connection.SendAsync("EndInvokeJSFromDotNet", taskId, true, $"[{taskId},true,{result}]");
        });
        connection.On<string>("JS.Error", error => client.Error = error);
        connection.Closed += _ => { client.Closed = true; return Task.CompletedTask; };

        await connection.StartAsync();
        var root = new Uri(new Uri(baseUrl), path).ToString();
        var secret = await connection.InvokeAsync<string?>("StartCircuit", baseUrl + "/", root, "[]", state);
        if (string.IsNullOrEmpty(secret)) throw new InvalidOperationException($"StartCircuit was refused: {client.Error}");
        var operations = markers.Select((m, i) => new
        {
            type = "add",
            ssrComponentId = i + 1,
            marker = new
            {
                type = m.GetProperty("type").GetString(),
                prerenderId = m.TryGetProperty("prerenderId", out var p) ? p.GetString() : null,
                key = m.TryGetProperty("key", out var k) ? k : default(JsonElement?),
                sequence = m.GetProperty("sequence").GetInt32(),
                descriptor = m.GetProperty("descriptor").GetString(),
                uniqueId = i,
            },
        });
        await connection.SendAsync("UpdateRootComponents", JsonSerializer.Serialize(new { batchId = 1, operations }), state);
        return client;
    }

    /// <summary>Notes each numbered line whose text is in the batch, at the time the batch arrived.</summary>
    void Note(byte[] batch)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var span = batch.AsSpan();
        var from = 0;
        while (true)
        {
            var at = span[from..].IndexOf(MarkerPrefix);
            if (at < 0) return;
            at += from;
            var end = Math.Min(batch.Length, at + 80);
            var text = Encoding.UTF8.GetString(batch, at, end - at);
            var m = LinePattern().Match(text);
            if (m.Success)
            {
                var number = long.Parse(m.Groups[1].Value);
                lock (_seen) _seen.TryAdd(number, (double.Parse(m.Groups[2].Value), now));
            }
            from = at + MarkerPrefix.Length;
        }
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    [GeneratedRegex("<!--Blazor:(\\{.*?\\})-->")]
    private static partial Regex MarkerPattern();

    [GeneratedRegex("<!--Blazor-Server-Component-State:(.*?)-->")]
    private static partial Regex StatePattern();

    [GeneratedRegex("^burst line (\\d+) of \\d+ at (\\d+)")]
    private static partial Regex LinePattern();

    /// <summary>The circuit hub's protocol: MessagePack under the name "blazorpack".</summary>
    sealed class BlazorPack : IHubProtocol
    {
        readonly MessagePackHubProtocol _inner = new();
        public string Name => "blazorpack";
        public int Version => 2;
        public TransferFormat TransferFormat => TransferFormat.Binary;
        public bool IsVersionSupported(int version) => version <= Version;
        public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HubMessage? message) =>
            _inner.TryParseMessage(ref input, binder, out message);
        public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _inner.WriteMessage(message, output);
        public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _inner.GetMessageBytes(message);
    }
}
