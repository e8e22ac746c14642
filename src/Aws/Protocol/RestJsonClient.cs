using System.Net.Http.Headers;
using ChaosDashboard.Aws.Signing;

namespace ChaosDashboard.Aws.Protocol;

/// <summary>
/// The restJson1 protocol of FIS: the operation is chosen by HTTP method and path, identifiers go in
/// the path, filters in the query string, and inputs with a body are JSON.
/// </summary>
public sealed class RestJsonClient
{
    public const string ContentType = "application/json";

    private readonly SignedHttpChannel _channel;

    public RestJsonClient(SignedHttpChannel channel) => _channel = channel;

    public SignedHttpChannel Channel => _channel;

    /// <param name="operation">Operation name, for errors.</param>
    /// <param name="method">HTTP method of the operation.</param>
    /// <param name="pathAndQuery">Relative path and query, already escaped (see <see cref="RestPath"/>).</param>
    /// <param name="body">Input members that travel in the body, or null for none.</param>
    public async Task<TResponse> SendAsync<TResponse>(
        string operation, HttpMethod method, string pathAndQuery, object? body, CancellationToken cancellationToken)
        where TResponse : class, new()
    {
        var bodyBytes = body is null ? null : AwsJson.Serialize(body);
        var uri = _channel.BuildUri(pathAndQuery);
        var response = await _channel.SendAsync(operation, () =>
        {
            var message = new HttpRequestMessage(method, uri);
            if (bodyBytes is not null)
            {
                message.Content = new ByteArrayContent(bodyBytes);
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
            }

            return message;
        }, cancellationToken).ConfigureAwait(false);
        return AwsJson.Deserialize<TResponse>(_channel.Service, operation, response);
    }
}

/// <summary>Builds escaped REST paths and query strings.</summary>
public static class RestPath
{
    /// <summary>Joins path segments, escaping each one (an id can never add a '/' or '?').</summary>
    public static string Combine(params string[] segments) =>
        string.Join('/', segments.Select(Uri.EscapeDataString));

    /// <summary>Appends the non-null parameters as a query string.</summary>
    public static string WithQuery(string path, params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => p.Value is not null).ToArray();
        return present.Length == 0
            ? path
            : path + "?" + string.Join('&', present.Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value!)}"));
    }
}
