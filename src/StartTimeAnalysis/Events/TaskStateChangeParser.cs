using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace ChaosDashboard.StartTimeAnalysis.Events;

/// <summary>What one input message turned out to be.</summary>
public enum ParseOutcome
{
    /// <summary>An ECS Task State Change event; the sample is set.</summary>
    TaskStateChange,
    /// <summary>Valid JSON, but another kind of event (other detail-type or source).</summary>
    OtherKind,
    /// <summary>Not JSON, or an ECS task event with a field of the wrong shape; the error says which.</summary>
    Malformed,
}

/// <summary>
/// Reads ECS Task State Change events and DescribeTasks answers straight from UTF-8 with
/// <see cref="Utf8JsonReader"/>: no DOM, unknown fields skipped, repeated strings shared.
/// One instance per reading loop (it is not thread-safe).
/// </summary>
public sealed class TaskStateChangeParser
{
    private const int MaxSharedContainerLists = 4_096;

    private readonly StringPool _strings = new();
    private readonly List<ContainerImage> _containerScratch = new(4);
    private readonly Dictionary<ContainerImage, ContainerImage[]> _singleContainers = [];

    /// <summary>Parses one event, e.g. one line of a JSON lines file or one CloudWatch Logs message.</summary>
    public ParseOutcome Parse(ReadOnlySpan<byte> utf8Json, out TaskStartSample? sample, out string? error)
    {
        sample = null;
        error = null;
        try
        {
            // Said plainly here: the framework would report "expected the literal 'true'" for a line of prose.
            ReadOnlySpan<byte> start = utf8Json.TrimStart(" \t\r\n"u8);
            if (start.IsEmpty || start[0] != (byte)'{')
            {
                error = start.IsEmpty || start[0] == (byte)'[' ? "not a JSON object" : "not JSON";
                return ParseOutcome.Malformed;
            }

            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 64 });
            reader.Read();

            bool isTaskStateChange = false;
            bool isFromEcs = false;
            TaskStartSample? detail = null;
            string? detailError = null;

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("detail-type"u8))
                {
                    reader.Read();
                    isTaskStateChange = reader.TokenType == JsonTokenType.String
                                        && reader.ValueTextEquals("ECS Task State Change"u8);
                }
                else if (reader.ValueTextEquals("source"u8))
                {
                    reader.Read();
                    isFromEcs = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("aws.ecs"u8);
                }
                else if (reader.ValueTextEquals("detail"u8))
                {
                    reader.Read();
                    // Other kinds of events carry other details: a field error matters only for ours,
                    // which is known once the whole envelope is read (property order is not guaranteed).
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        reader.Skip();
                        continue;
                    }

                    try
                    {
                        detail = ReadTask(ref reader);
                    }
                    catch (MalformedEventException ex)
                    {
                        detailError = ex.Message;
                        SkipToEndOfDetail(ref reader);
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            // Reading past the closing brace throws when a second value or stray text follows it.
            reader.Read();

            if (!isTaskStateChange || !isFromEcs)
            {
                return ParseOutcome.OtherKind;
            }

            if (detailError is not null)
            {
                error = "detail." + detailError;
                return ParseOutcome.Malformed;
            }

            if (detail is null)
            {
                error = "ECS Task State Change without a detail object with a taskArn";
                return ParseOutcome.Malformed;
            }

            sample = detail;
            return ParseOutcome.TaskStateChange;
        }
        catch (JsonException ex)
        {
            error = DescribeJsonError(ex);
            return ParseOutcome.Malformed;
        }
        catch (InvalidOperationException ex) when (ex.InnerException is DecoderFallbackException or null)
        {
            // An escaped lone surrogate (\uD800) is valid JSON syntax but no text: the framework refuses to decode it.
            error = "text that is not valid Unicode (an unpaired \\u surrogate escape)";
            return ParseOutcome.Malformed;
        }
    }

    /// <summary>
    /// The tasks of a DescribeTasks answer (<c>{"tasks":[…],"failures":[…]}</c>), whose timestamps are
    /// epoch seconds. Throws <see cref="FormatException"/> with a readable message for a wrong shape.
    /// </summary>
    public IReadOnlyList<TaskStartSample> ParseDescribeTasksResponse(ReadOnlySpan<byte> utf8Json)
    {
        var tasks = new List<TaskStartSample>();
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new FormatException("DescribeTasks answer is not a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isTasks = reader.ValueTextEquals("tasks"u8);
                reader.Read();
                if (isTasks && reader.TokenType == JsonTokenType.StartArray)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                    {
                        tasks.Add(ReadTask(ref reader)
                                  ?? throw new FormatException($"DescribeTasks task #{tasks.Count + 1} has no taskArn"));
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (MalformedEventException ex)
        {
            throw new FormatException($"DescribeTasks task #{tasks.Count + 1}: {ex.Message}");
        }
        catch (JsonException ex)
        {
            throw new FormatException("DescribeTasks answer is not valid JSON: " + DescribeJsonError(ex));
        }

        return tasks;
    }

    /// <summary>
    /// Reads a task object (the reader is on its StartObject; it ends on the matching EndObject).
    /// Null when the object has no taskArn. Field errors raise <see cref="MalformedEventException"/>.
    /// </summary>
    private TaskStartSample? ReadTask(ref Utf8JsonReader reader)
    {
        string? taskArn = null, clusterArn = null, taskDefinitionArn = null, group = null;
        string? lastStatus = null, desiredStatus = null, launchType = null, stopCode = null, stoppedReason = null;
        long? version = null;
        DateTimeOffset? createdAt = null, pullStartedAt = null, pullStoppedAt = null;
        DateTimeOffset? startedAt = null, stoppingAt = null, stoppedAt = null;
        IReadOnlyList<ContainerImage> containers = [];

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            TaskField field = Identify(reader.ValueSpan);
            reader.Read();
            switch (field)
            {
                case TaskField.TaskArn: taskArn = ReadUniqueString(ref reader, "taskArn"); break;
                case TaskField.ClusterArn: clusterArn = ReadString(ref reader, "clusterArn"); break;
                case TaskField.TaskDefinitionArn: taskDefinitionArn = ReadString(ref reader, "taskDefinitionArn"); break;
                case TaskField.Group: group = ReadString(ref reader, "group"); break;
                case TaskField.LastStatus: lastStatus = ReadString(ref reader, "lastStatus"); break;
                case TaskField.DesiredStatus: desiredStatus = ReadString(ref reader, "desiredStatus"); break;
                case TaskField.LaunchType: launchType = ReadString(ref reader, "launchType"); break;
                case TaskField.StopCode: stopCode = ReadString(ref reader, "stopCode"); break;
                case TaskField.StoppedReason: stoppedReason = ReadString(ref reader, "stoppedReason"); break;
                case TaskField.Version: version = ReadVersion(ref reader); break;
                case TaskField.CreatedAt: createdAt = ReadTimestamp(ref reader, "createdAt"); break;
                case TaskField.PullStartedAt: pullStartedAt = ReadTimestamp(ref reader, "pullStartedAt"); break;
                case TaskField.PullStoppedAt: pullStoppedAt = ReadTimestamp(ref reader, "pullStoppedAt"); break;
                case TaskField.StartedAt: startedAt = ReadTimestamp(ref reader, "startedAt"); break;
                case TaskField.StoppingAt: stoppingAt = ReadTimestamp(ref reader, "stoppingAt"); break;
                case TaskField.StoppedAt: stoppedAt = ReadTimestamp(ref reader, "stoppedAt"); break;
                case TaskField.Containers: containers = ReadContainers(ref reader); break;
                default: reader.Skip(); break;
            }
        }

        if (string.IsNullOrEmpty(taskArn))
        {
            return null;
        }

        return new TaskStartSample
        {
            TaskArn = taskArn,
            ClusterArn = clusterArn,
            TaskDefinitionArn = taskDefinitionArn,
            Group = group,
            LastStatus = lastStatus,
            DesiredStatus = desiredStatus,
            LaunchType = launchType,
            Version = version,
            CreatedAt = createdAt,
            PullStartedAt = pullStartedAt,
            PullStoppedAt = pullStoppedAt,
            StartedAt = startedAt,
            StoppingAt = stoppingAt,
            StoppedAt = stoppedAt,
            StopCode = stopCode,
            StoppedReason = stoppedReason,
            Containers = containers,
        };
    }

    private string? ReadString(ref Utf8JsonReader reader, string field)
    {
        try
        {
            return _strings.Get(ref reader);
        }
        catch (MalformedEventException ex)
        {
            throw new MalformedEventException($"{field}: {ex.Message}");
        }
    }

    private static long? ReadVersion(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long version) && version >= 0)
        {
            return version;
        }

        throw new MalformedEventException("version: expected a whole number, found " + Shown(ref reader));
    }

    private static DateTimeOffset? ReadTimestamp(ref Utf8JsonReader reader, string field)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                {
                    // Timestamps are plain ASCII; an escaped one is rare enough to unescape by allocating.
                    ReadOnlySpan<byte> text = reader.ValueIsEscaped
                        ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!)
                        : reader.ValueSpan;
                    if (EcsTimestamp.TryParseIso8601(text, out DateTimeOffset instant))
                    {
                        return instant;
                    }

                    break;
                }
            case JsonTokenType.Number:
                if (reader.TryGetDecimal(out decimal seconds) && EcsTimestamp.TryFromEpochSeconds(seconds, out DateTimeOffset fromEpoch))
                {
                    return fromEpoch;
                }

                break;
        }

        throw new MalformedEventException(
            $"{field}: expected an ISO-8601 UTC time or epoch seconds, found {Shown(ref reader)}");
    }

    private IReadOnlyList<ContainerImage> ReadContainers(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new MalformedEventException("containers: expected an array, found " + StringPool.Describe(reader.TokenType));
        }

        List<ContainerImage> containers = _containerScratch;
        containers.Clear();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new MalformedEventException("containers: expected objects, found " + StringPool.Describe(reader.TokenType));
            }

            string? name = null, image = null, imageDigest = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                ReadOnlySpan<byte> property = reader.ValueSpan;
                reader.Read();
                if (property.SequenceEqual("name"u8))
                {
                    name = ReadString(ref reader, "containers[].name");
                }
                else if (property.SequenceEqual("image"u8))
                {
                    image = ReadString(ref reader, "containers[].image");
                }
                else if (property.SequenceEqual("imageDigest"u8))
                {
                    imageDigest = ReadString(ref reader, "containers[].imageDigest");
                }
                else
                {
                    reader.Skip();
                }
            }

            containers.Add(new ContainerImage(name, image, imageDigest));
        }

        return SharedContainers(containers);
    }

    /// <summary>
    /// Every event of every task of a task definition lists the same containers: hand out one shared
    /// array per distinct list instead of a new list per event.
    /// </summary>
    private ContainerImage[] SharedContainers(List<ContainerImage> containers)
    {
        if (containers.Count == 0)
        {
            return [];
        }

        if (containers.Count == 1 && _singleContainers.TryGetValue(containers[0], out ContainerImage[]? shared))
        {
            return shared;
        }

        ContainerImage[] array = containers.ToArray();
        if (containers.Count == 1 && _singleContainers.Count < MaxSharedContainerLists)
        {
            _singleContainers.Add(containers[0], array);
        }

        return array;
    }

    /// <summary>After a field error inside the detail, moves the reader to the detail's closing brace.</summary>
    private static void SkipToEndOfDetail(ref Utf8JsonReader reader)
    {
        // The detail object sits at depth 1, inside the event envelope; errors are raised deeper.
        while (!(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 1) && reader.Read())
        {
        }
    }

    internal enum TaskField
    {
        Other, TaskArn, ClusterArn, TaskDefinitionArn, Group, LastStatus, DesiredStatus, LaunchType,
        StopCode, StoppedReason, Version, CreatedAt, PullStartedAt, PullStoppedAt, StartedAt,
        StoppingAt, StoppedAt, Containers,
    }

    /// <summary>
    /// Matches a property name on its raw bytes (ECS field names never need escaping). Dispatching on the
    /// length first keeps this to one or two comparisons for each of the ~35 properties of a detail.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static TaskField Identify(ReadOnlySpan<byte> name) => name.Length switch
    {
        5 when Utf8Bytes.Same(name, "group"u8) => TaskField.Group,
        7 when Utf8Bytes.Same(name, "taskArn"u8) => TaskField.TaskArn,
        7 when Utf8Bytes.Same(name, "version"u8) => TaskField.Version,
        8 when Utf8Bytes.Same(name, "stopCode"u8) => TaskField.StopCode,
        9 when Utf8Bytes.Same(name, "createdAt"u8) => TaskField.CreatedAt,
        9 when Utf8Bytes.Same(name, "startedAt"u8) => TaskField.StartedAt,
        9 when Utf8Bytes.Same(name, "stoppedAt"u8) => TaskField.StoppedAt,
        10 when Utf8Bytes.Same(name, "clusterArn"u8) => TaskField.ClusterArn,
        10 when Utf8Bytes.Same(name, "lastStatus"u8) => TaskField.LastStatus,
        10 when Utf8Bytes.Same(name, "launchType"u8) => TaskField.LaunchType,
        10 when Utf8Bytes.Same(name, "stoppingAt"u8) => TaskField.StoppingAt,
        10 when Utf8Bytes.Same(name, "containers"u8) => TaskField.Containers,
        13 when Utf8Bytes.Same(name, "desiredStatus"u8) => TaskField.DesiredStatus,
        13 when Utf8Bytes.Same(name, "stoppedReason"u8) => TaskField.StoppedReason,
        13 when Utf8Bytes.Same(name, "pullStartedAt"u8) => TaskField.PullStartedAt,
        13 when Utf8Bytes.Same(name, "pullStoppedAt"u8) => TaskField.PullStoppedAt,
        17 when Utf8Bytes.Same(name, "taskDefinitionArn"u8) => TaskField.TaskDefinitionArn,
        _ => TaskField.Other,
    };

    /// <summary>A value unique to one task (its ARN): not worth pooling.</summary>
    private static string? ReadUniqueString(ref Utf8JsonReader reader, string field) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        _ => throw new MalformedEventException($"{field}: expected a string, found {StringPool.Describe(reader.TokenType)}"),
    };

    private static string Shown(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is JsonTokenType.String or JsonTokenType.Number)
        {
            string text = reader.TokenType == JsonTokenType.String
                ? "\"" + reader.GetString() + "\""
                : System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
            return text.Length > 40 ? text[..40] + "…" : text;
        }

        return StringPool.Describe(reader.TokenType);
    }

    /// <summary>
    /// The framework's message without its "LineNumber: 0" (the input is one line; the caller names the
    /// real line) but with the byte position, which is what helps find the damage.
    /// </summary>
    internal static string DescribeJsonError(JsonException ex)
    {
        string message = ex.Message;
        int lineNumberAt = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (lineNumberAt > 0)
        {
            message = message[..lineNumberAt];
        }

        return ex.BytePositionInLine is long position
            ? $"invalid JSON at byte {position + 1}: {message}"
            : "invalid JSON: " + message;
    }
}
