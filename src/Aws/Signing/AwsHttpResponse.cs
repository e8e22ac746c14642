namespace ChaosDashboard.Aws.Signing;

/// <summary>An AWS answer read to its end: status, headers (case-insensitive) and body bytes.</summary>
public sealed class AwsHttpResponse
{
    public AwsHttpResponse(int statusCode, string? reasonPhrase, IReadOnlyDictionary<string, string> headers, byte[] body)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        Headers = headers;
        Body = body;
    }

    public int StatusCode { get; }

    public string? ReasonPhrase { get; }

    public IReadOnlyDictionary<string, string> Headers { get; }

    public byte[] Body { get; }

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>AWS names it x-amzn-RequestId on JSON services and x-amz-request-id on others.</summary>
    public string? RequestId => GetHeader("x-amzn-RequestId") ?? GetHeader("x-amz-request-id");

    public string? GetHeader(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public static async Task<AwsHttpResponse> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            headers[header.Key] = string.Join(",", header.Value);
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new AwsHttpResponse((int)response.StatusCode, response.ReasonPhrase, headers, body);
    }
}
