using System.Text;
using System.Text.Json.Nodes;

namespace ChaosDashboard.Aws.Tests.Infrastructure;

/// <summary>A request as it left the client (recording handler) or arrived on a socket (loopback server).</summary>
public sealed class CapturedRequest
{
    public CapturedRequest(string method, Uri uri, string rawPathAndQuery, IReadOnlyDictionary<string, IReadOnlyList<string>> headers, byte[] body)
    {
        Method = method;
        Uri = uri;
        RawPathAndQuery = rawPathAndQuery;
        Headers = headers;
        Body = body;
    }

    public string Method { get; }

    public Uri Uri { get; }

    /// <summary>Path and query exactly as sent, still escaped.</summary>
    public string RawPathAndQuery { get; }

    public string RawPath => RawPathAndQuery.Split('?', 2)[0];

    public string RawQuery => RawPathAndQuery.Contains('?') ? RawPathAndQuery.Split('?', 2)[1] : "";

    /// <summary>Case-insensitive header names, request and content headers together.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; }

    public byte[] Body { get; }

    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) =>
        Headers.TryGetValue(name, out var values) ? string.Join(",", values) : null;

    public JsonNode? BodyJson() => Body.Length == 0 ? null : JsonNode.Parse(Body);

    /// <summary>Query parameters, unescaped.</summary>
    public IReadOnlyList<(string Name, string Value)> QueryParameters() =>
        RawQuery.Length == 0
            ? []
            : RawQuery.Split('&').Select(pair =>
            {
                var parts = pair.Split('=', 2);
                return (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
            }).ToList();

    public static async Task<CapturedRequest> FromAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Key] = header.Value.ToList();
        }

        var body = Array.Empty<byte>();
        if (request.Content is not null)
        {
            foreach (var header in request.Content.Headers)
            {
                headers[header.Key] = header.Value.ToList();
            }

            body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
        }

        return new CapturedRequest(request.Method.Method, request.RequestUri!, request.RequestUri!.PathAndQuery, headers, body);
    }
}
