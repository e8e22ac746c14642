using System.Text;
using System.Text.Json;
using ChaosDashboard.Aws.Signing;

namespace ChaosDashboard.Aws.Errors;

/// <summary>
/// Turns an unsuccessful answer of a JSON protocol (awsJson 1.1 or restJson1) into an
/// <see cref="AwsServiceException"/>. The code comes from the x-amzn-ErrorType header, the body's
/// <c>__type</c>, or the body's <c>code</c>, in that order; AWS may qualify it with a namespace
/// before <c>#</c> and a URL after <c>:</c>, both of which are dropped.
/// </summary>
public static class AwsErrorParser
{
    private const int MaxSnippetLength = 300;

    public static AwsServiceException FromResponse(string service, string operation, AwsHttpResponse response)
    {
        var headerCode = response.GetHeader("x-amzn-ErrorType");
        string? bodyCode = null;
        string? message = null;
        var bodyIsErrorDocument = false;

        if (response.Body.Length > 0)
        {
            try
            {
                using var document = JsonDocument.Parse(response.Body);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    bodyIsErrorDocument = true;
                    bodyCode = ReadString(document.RootElement, "__type")
                        ?? ReadString(document.RootElement, "code")
                        ?? ReadString(document.RootElement, "Code");
                    message = ReadString(document.RootElement, "message")
                        ?? ReadString(document.RootElement, "Message")
                        ?? ReadString(document.RootElement, "errorMessage");
                }
            }
            catch (JsonException)
            {
                // Proxies and load balancers answer with HTML or plain text; reported below.
            }
        }

        var code = NormalizeCode(headerCode) ?? NormalizeCode(bodyCode);
        if (code is null)
        {
            code = bodyIsErrorDocument || response.Body.Length == 0
                ? $"Http{response.StatusCode}"
                : AwsErrorCodes.MalformedResponse;
            message ??= DescribeUnreadableBody(response);
        }

        return new AwsServiceException(service, operation, response.StatusCode, code, message, response.RequestId);
    }

    /// <summary>The error for a successful status whose body cannot be read as the operation's output.</summary>
    public static AwsServiceException MalformedBody(
        string service, string operation, AwsHttpResponse response, Exception cause) =>
        new(service, operation, response.StatusCode, AwsErrorCodes.MalformedResponse,
            $"the response body could not be read ({cause.Message}). Body starts: {Snippet(response.Body)}",
            response.RequestId, cause);

    /// <summary>
    /// Reduces "aws.protocoltests#ValidationException:http://internal.amazon.com/" to "ValidationException".
    /// </summary>
    public static string? NormalizeCode(string? rawCode)
    {
        if (string.IsNullOrWhiteSpace(rawCode))
        {
            return null;
        }

        var code = rawCode.Trim();
        var colon = code.IndexOf(':');
        if (colon >= 0)
        {
            code = code[..colon];
        }

        var hash = code.LastIndexOf('#');
        if (hash >= 0)
        {
            code = code[(hash + 1)..];
        }

        return code.Length == 0 ? null : code;
    }

    private static string? ReadString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string DescribeUnreadableBody(AwsHttpResponse response)
    {
        var status = $"HTTP {response.StatusCode} {response.ReasonPhrase}".TrimEnd();
        return response.Body.Length == 0
            ? $"{status} with an empty body"
            : $"{status}, body is not an AWS error document: {Snippet(response.Body)}";
    }

    private static string Snippet(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, MaxSnippetLength * 4));
        text = text.ReplaceLineEndings(" ").Trim();
        return text.Length <= MaxSnippetLength ? text : text[..MaxSnippetLength] + "…";
    }
}
