using System.Text.Json;

namespace ChaosDashboard.Worker;

/// <summary>
/// Names the running task in the logs and in the table's <c>writtenBy</c>. On ECS that is the task id,
/// the last segment of the task ARN, which is also the last part of the task's log stream name.
/// </summary>
public static class TaskIdentity
{
    public const string MetadataVariable = "ECS_CONTAINER_METADATA_URI_V4";
    static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The configured id, else the ECS task id, else machine name and process id.</summary>
    public static async Task<string> ResolveAsync(string? configured, string? metadataUri, CancellationToken cancellationToken)
    {
        if (configured is not null) return configured;
        if (!string.IsNullOrWhiteSpace(metadataUri)
            && await ReadEcsTaskIdAsync(metadataUri.TrimEnd('/') + "/task", cancellationToken) is { } ecsTaskId)
            return ecsTaskId;
        return $"{Environment.MachineName}-{Environment.ProcessId}";
    }

    static async Task<string?> ReadEcsTaskIdAsync(string taskMetadataUrl, CancellationToken cancellationToken)
    {
        try
        {
            using var http = new HttpClient { Timeout = MetadataTimeout };
            var json = await http.GetStringAsync(taskMetadataUrl, cancellationToken);
            return TaskIdFromMetadata(json);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or UriFormatException or InvalidOperationException)
        {
            // Not fatal: the id only labels the logs, so a made-up one will do.
            return null;
        }
    }

    /// <summary>The task id from the task metadata document: the TaskARN after its last '/'.</summary>
    public static string? TaskIdFromMetadata(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("TaskARN", out var arn)
            || arn.ValueKind != JsonValueKind.String) return null;
        var text = arn.GetString()!;
        var id = text[(text.LastIndexOf('/') + 1)..];
        return id.Length > 0 ? id : null;
    }
}
