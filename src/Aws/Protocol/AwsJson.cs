using System.Text.Json;
using System.Text.Json.Serialization;
using ChaosDashboard.Aws.Errors;
using ChaosDashboard.Aws.Signing;

namespace ChaosDashboard.Aws.Protocol;

/// <summary>JSON settings shared by the ECS, FIS and CloudWatch Logs wire formats (all camelCase members).</summary>
public static class AwsJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    /// <summary>
    /// Reads a successful answer's body as <typeparamref name="T"/>. An empty body counts as <c>{}</c>
    /// (botocore reads it the same way); anything unreadable becomes a MalformedResponse error.
    /// </summary>
    public static T Deserialize<T>(AwsService service, string operation, AwsHttpResponse response)
        where T : class, new()
    {
        if (response.Body.Length == 0)
        {
            return new T();
        }

        try
        {
            return JsonSerializer.Deserialize<T>(response.Body, Options)
                ?? throw new JsonException("The body is the JSON literal null.");
        }
        catch (Exception failure) when (failure is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw AwsErrorParser.MalformedBody(service.DisplayName, operation, response, failure);
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            PropertyNameCaseInsensitive = false,
            // AWS omits empty members rather than sending null, but a null where a list is expected
            // must not leave a null in a non-nullable property.
            RespectNullableAnnotations = true,
        };
        options.Converters.Add(new EpochSecondsConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
