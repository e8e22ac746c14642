using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChaosDashboard.Processing;

/// <summary>
/// The structured line the job prints next to each human line, so that a reader of the logs
/// (the dashboard) learns which task wrote which item without parsing prose.
/// Printed as one JSON object a line, with "event" first.
/// </summary>
public sealed record JobLogLine
{
    [JsonPropertyName("event")] public required string Event { get; init; }
    [JsonPropertyName("task")] public required string TaskId { get; init; }
    /// <summary>The item: written for "item", next for "stop", the batch size for "done", the first for "start".</summary>
    [JsonPropertyName("index")] public int? Index { get; init; }
    [JsonPropertyName("of")] public int? Of { get; init; }
    [JsonPropertyName("attempt")] public int? Attempt { get; init; }
    [JsonPropertyName("outcome")] public string? Outcome { get; init; }
    [JsonPropertyName("mode")] public string? Mode { get; init; }
    [JsonPropertyName("at")] public required string At { get; init; }

    public const string Start = "start";
    public const string Item = "item";
    public const string Stop = "stop";
    public const string Done = "done";

    public const string Written = "written";
    public const string Overwritten = "overwritten";
    public const string Skipped = "skipped";

    static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reads a structured line; null for any other line (prose, garbage, other JSON).</summary>
    public static JobLogLine? TryParse(string line)
    {
        var text = line.AsSpan().Trim();
        if (text.Length < 2 || text[0] != '{' || !text.Contains("\"event\"", StringComparison.Ordinal)) return null;
        try
        {
            var parsed = JsonSerializer.Deserialize<JobLogLine>(text, Json);
            return parsed is { Event.Length: > 0, TaskId.Length: > 0 } ? parsed : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
