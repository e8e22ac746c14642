using System.Globalization;
using System.Text.Json;
using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimeAnalysis.Sandbox;

/// <summary>
/// Writes samples back as the EventBridge events ECS emits, with the envelope and the usual extra
/// detail fields (attachments, cpu, memory, overrides…), for load tests and demo files.
/// </summary>
public static class TaskStateChangeEventWriter
{
    private static readonly JsonWriterOptions Compact = new() { Indented = false, SkipValidation = true };

    /// <summary>
    /// The events a task goes through on its way to <paramref name="finalState"/>: PROVISIONING (version 1,
    /// createdAt), PENDING (version 2, with pullStartedAt), then the final state (with everything).
    /// </summary>
    public static IEnumerable<TaskStartSample> Lifecycle(TaskStartSample finalState)
    {
        long finalVersion = finalState.Version ?? 3;
        yield return finalState with
        {
            LastStatus = "PROVISIONING",
            DesiredStatus = "RUNNING",
            Version = Math.Max(1, finalVersion - 2),
            PullStartedAt = null,
            PullStoppedAt = null,
            StartedAt = null,
            StoppingAt = null,
            StoppedAt = null,
            StopCode = null,
            StoppedReason = null,
        };
        yield return finalState with
        {
            LastStatus = "PENDING",
            DesiredStatus = "RUNNING",
            Version = Math.Max(1, finalVersion - 1),
            PullStoppedAt = null,
            StartedAt = null,
            StoppingAt = null,
            StoppedAt = null,
            StopCode = null,
            StoppedReason = null,
        };
        yield return finalState;
    }

    /// <summary>Writes one event as a single line of JSON (no trailing newline).</summary>
    public static void Write(Stream output, TaskStartSample state, Guid eventId)
    {
        using var json = new Utf8JsonWriter(output, Compact);
        Write(json, state, eventId);
    }

    public static void Write(Utf8JsonWriter json, TaskStartSample state, Guid eventId)
    {
        string region = RegionOf(state.TaskArn);
        string account = AccountOf(state.TaskArn);
        DateTimeOffset eventTime = state.StoppedAt ?? state.StartedAt ?? state.PullStartedAt ?? state.CreatedAt ?? DateTimeOffset.UnixEpoch;

        json.WriteStartObject();
        json.WriteString("version", "0");
        json.WriteString("id", eventId.ToString());
        json.WriteString("detail-type", "ECS Task State Change");
        json.WriteString("source", "aws.ecs");
        json.WriteString("account", account);
        // The envelope's time has no fraction, unlike the detail's timestamps.
        json.WriteString("time", eventTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        json.WriteString("region", region);
        json.WriteStartArray("resources");
        json.WriteStringValue(state.TaskArn);
        json.WriteEndArray();

        json.WriteStartObject("detail");
        json.WriteStartArray("attachments");
        json.WriteStartObject();
        json.WriteString("id", "0b8e6d2a-6f83-4c1e-9d7a-1c2b3d4e5f60");
        json.WriteString("type", "eni");
        json.WriteString("status", state.LastStatus == "PROVISIONING" ? "PRECREATED" : "ATTACHED");
        json.WriteStartArray("details");
        WriteNameValue(json, "subnetId", "subnet-0a1b2c3d4e5f67890");
        WriteNameValue(json, "networkInterfaceId", "eni-0123456789abcdef0");
        WriteNameValue(json, "macAddress", "0a:1b:2c:3d:4e:5f");
        WriteNameValue(json, "privateDnsName", "ip-10-0-1-23.ec2.internal");
        WriteNameValue(json, "privateIPv4Address", "10.0.1.23");
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartArray("attributes");
        json.WriteStartObject();
        json.WriteString("name", "ecs.cpu-architecture");
        json.WriteString("value", "x86_64");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteString("availabilityZone", region + "a");
        WriteStringOrSkip(json, "clusterArn", state.ClusterArn);
        WriteStringOrSkip(json, "connectivity", state.PullStartedAt is null ? null : "CONNECTED");
        WriteTimestamp(json, "connectivityAt", state.PullStartedAt?.AddMilliseconds(-420));
        json.WriteStartArray("containers");
        foreach (ContainerImage container in state.Containers)
        {
            json.WriteStartObject();
            WriteStringOrSkip(json, "containerArn", $"arn:aws:ecs:{region}:{account}:container/{EcsArns.TaskId(state.TaskArn)}/{container.Name}");
            WriteStringOrSkip(json, "lastStatus", state.LastStatus);
            WriteStringOrSkip(json, "name", container.Name);
            WriteStringOrSkip(json, "image", container.Image);
            WriteStringOrSkip(json, "imageDigest", state.PullStoppedAt is null ? null : container.ImageDigest);
            WriteStringOrSkip(json, "runtimeId", state.StartedAt is null ? null : EcsArns.TaskId(state.TaskArn) + "-2531612879");
            WriteStringOrSkip(json, "taskArn", state.TaskArn);
            json.WriteStartArray("networkInterfaces");
            json.WriteStartObject();
            json.WriteString("attachmentId", "0b8e6d2a-6f83-4c1e-9d7a-1c2b3d4e5f60");
            json.WriteString("privateIpv4Address", "10.0.1.23");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteString("cpu", "0");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("cpu", "1024");
        WriteTimestamp(json, "createdAt", state.CreatedAt);
        WriteStringOrSkip(json, "desiredStatus", state.DesiredStatus);
        json.WriteBoolean("enableExecuteCommand", false);
        json.WriteStartObject("ephemeralStorage");
        json.WriteNumber("sizeInGiB", 20);
        json.WriteEndObject();
        WriteStringOrSkip(json, "group", state.Group);
        WriteStringOrSkip(json, "launchType", state.LaunchType);
        WriteStringOrSkip(json, "lastStatus", state.LastStatus);
        json.WriteString("memory", "3072");
        json.WriteStartObject("overrides");
        json.WriteStartArray("containerOverrides");
        foreach (ContainerImage container in state.Containers)
        {
            json.WriteStartObject();
            WriteStringOrSkip(json, "name", container.Name);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteString("platformVersion", "1.4.0");
        WriteTimestamp(json, "pullStartedAt", state.PullStartedAt);
        WriteTimestamp(json, "pullStoppedAt", state.PullStoppedAt);
        WriteTimestamp(json, "startedAt", state.StartedAt);
        WriteStringOrSkip(json, "stopCode", state.StopCode);
        WriteTimestamp(json, "stoppingAt", state.StoppingAt);
        WriteTimestamp(json, "stoppedAt", state.StoppedAt);
        WriteStringOrSkip(json, "stoppedReason", state.StoppedReason);
        WriteStringOrSkip(json, "taskArn", state.TaskArn);
        WriteStringOrSkip(json, "taskDefinitionArn", state.TaskDefinitionArn);
        WriteTimestamp(json, "updatedAt", state.StoppedAt ?? state.StartedAt ?? state.PullStartedAt ?? state.CreatedAt);
        if (state.Version is long version)
        {
            json.WriteNumber("version", version);
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
    }

    /// <summary>
    /// ECS writes milliseconds without trailing zeros: <c>…17.19Z</c>, <c>…13.877Z</c>, and <c>…44Z</c> for a whole second.
    /// </summary>
    public static string FormatTimestamp(DateTimeOffset value)
    {
        string text = value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
        return text + "Z";
    }

    private static void WriteTimestamp(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is DateTimeOffset instant)
        {
            json.WriteString(name, FormatTimestamp(instant));
        }
    }

    private static void WriteStringOrSkip(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteNameValue(Utf8JsonWriter json, string name, string value)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("value", value);
        json.WriteEndObject();
    }

    private static string RegionOf(string arn) => ArnPart(arn, 3) ?? SandboxStartTimes.Region;

    private static string AccountOf(string arn) => ArnPart(arn, 4) ?? SandboxStartTimes.Account;

    private static string? ArnPart(string arn, int index)
    {
        string[] parts = arn.Split(':');
        return parts.Length > index && parts[index].Length > 0 ? parts[index] : null;
    }
}
