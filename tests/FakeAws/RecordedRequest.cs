using System.Text.Json.Nodes;

namespace ChaosDashboard.FakeAws;

/// <summary>One request as it reached the fake: which operation it named and what it carried.</summary>
/// <param name="Service">ecs, logs, fis or sts.</param>
/// <param name="Operation">E.g. RunTask; "?" when the request named none the fake knows.</param>
/// <param name="AccessKeyId">From the SigV4 credential scope; null when unsigned.</param>
public sealed record RecordedRequest(
    DateTimeOffset At,
    string Service,
    string Operation,
    string Method,
    string PathAndQuery,
    string? ContentType,
    string? Authorization,
    string? AccessKeyId,
    string Body)
{
    /// <summary>The body as JSON; null for a form body (STS) or none.</summary>
    public JsonNode? Json
    {
        get
        {
            try
            {
                return Body.Length == 0 ? null : JsonNode.Parse(Body);
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }
    }
}
