using System.Runtime.CompilerServices;

namespace ChaosDashboard.StartTimeAnalysis.Events;

/// <summary>What the fast scanner made of one message.</summary>
internal enum ScanOutcome
{
    /// <summary>A well-formed ECS Task State Change event of the usual shape; the observation is set.</summary>
    TaskEvent,
    /// <summary>Valid JSON of another kind.</summary>
    OtherKind,
    /// <summary>Anything else (invalid JSON, a field of an odd type, escapes where values are read, a
    /// repeated envelope field): <see cref="TaskStateChangeParser"/> decides, with its exact message.</summary>
    NeedsParser,
}

/// <summary>
/// The fast path for one event: a validating JSON scanner that reads only what the analysis uses and
/// skips the rest (attachments, containers' other fields, overrides) without materialising it. It
/// accepts a message only when it is valid JSON that <see cref="TaskStateChangeParser"/> reads the
/// same way, and hands everything unusual to that parser, so the two never disagree: a damaged line
/// is still malformed, with the parser's own reason. One instance per thread.
/// </summary>
internal sealed class TaskEventScanner
{
    private readonly StringPool _strings;
    private readonly bool _everyField;
    private readonly Func<ReadOnlySpan<byte>, string> _share;
    // A container is kept as its three strings until it is known not to be one already shared: no object per event.
    private readonly List<(string? Name, string? Image, string? ImageDigest)> _containers = new(2);
    private readonly Dictionary<(string? Name, string? Image, string? ImageDigest), ContainerImage[]> _singleContainers = [];

    /// <param name="strings">The pool shared with this thread's parser.</param>
    /// <param name="everyField">Also read what the report does not show (desired status, stop code, containers…), for storage.</param>
    public TaskEventScanner(StringPool strings, bool everyField)
    {
        _strings = strings;
        _everyField = everyField;
        _share = strings.Get;
    }

    public ScanOutcome Scan(ReadOnlySpan<byte> json, out TaskObservation observation)
    {
        observation = default;
        return ScanInto(json, ref observation);
    }

    /// <summary>
    /// The same, reading straight into <paramref name="observation"/> (a slot of a block's array): only the
    /// fields an event sets are written, rather than a whole observation copied per event.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ScanOutcome ScanInto(ReadOnlySpan<byte> json, ref TaskObservation observation)
    {
        observation.Clear();
        int at = JsonSyntax.SkipSpace(json, 0);
        if (at >= json.Length || json[at] != '{')
        {
            return ScanOutcome.NeedsParser;
        }

        bool isTaskStateChange = false, isFromEcs = false, sawType = false, sawSource = false, sawDetail = false;
        bool detailRead = false;
        int arnStart = -1, arnLength = 0;
        at = JsonSyntax.SkipSpace(json, at + 1);
        if (at < json.Length && json[at] == '}')
        {
            at++;
        }
        else
        {
            while (true)
            {
                if (!JsonSyntax.TryString(json, ref at, out int keyStart, out int keyEnd, out bool keyEscaped) || keyEscaped
                    || !JsonSyntax.TryColon(json, ref at))
                {
                    return ScanOutcome.NeedsParser;
                }

                ReadOnlySpan<byte> key = json[keyStart..keyEnd];
                if (Utf8Bytes.Same(key, "detail-type"u8))
                {
                    if (sawType || !TryEnvelopeValue(json, ref at, "ECS Task State Change"u8, out isTaskStateChange))
                    {
                        return ScanOutcome.NeedsParser;
                    }

                    sawType = true;
                }
                else if (Utf8Bytes.Same(key, "source"u8))
                {
                    if (sawSource || !TryEnvelopeValue(json, ref at, "aws.ecs"u8, out isFromEcs))
                    {
                        return ScanOutcome.NeedsParser;
                    }

                    sawSource = true;
                }
                else if (Utf8Bytes.Same(key, "detail"u8))
                {
                    if (sawDetail)
                    {
                        return ScanOutcome.NeedsParser;
                    }

                    sawDetail = true;
                    if (at < json.Length && json[at] == '{')
                    {
                        if (!TryDetail(json, ref at, ref observation, ref arnStart, ref arnLength))
                        {
                            return ScanOutcome.NeedsParser;
                        }

                        detailRead = true;
                    }
                    else if (!JsonSyntax.TrySkipValue(json, ref at, 1))
                    {
                        return ScanOutcome.NeedsParser;
                    }
                }
                else if (!JsonSyntax.TrySkipValue(json, ref at, 1))
                {
                    return ScanOutcome.NeedsParser;
                }

                if (!JsonSyntax.TryNext(json, ref at, (byte)'}', out bool ended))
                {
                    return ScanOutcome.NeedsParser;
                }

                if (ended)
                {
                    break;
                }
            }
        }

        if (JsonSyntax.SkipSpace(json, at) != json.Length)
        {
            return ScanOutcome.NeedsParser;
        }

        if (!isTaskStateChange || !isFromEcs)
        {
            return ScanOutcome.OtherKind;
        }

        if (!detailRead || arnStart < 0 || arnLength == 0)
        {
            return ScanOutcome.NeedsParser;
        }

        observation.Key = TaskKey.From(json.Slice(arnStart, arnLength), _share);
        return ScanOutcome.TaskEvent;
    }

    /// <summary>The detail object: the fields <see cref="TaskStateChangeParser"/> reads, each of the type it accepts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryDetail(ReadOnlySpan<byte> json, ref int at, ref TaskObservation o, ref int arnStart, ref int arnLength)
    {
        at = JsonSyntax.SkipSpace(json, at + 1);
        if (at < json.Length && json[at] == '}')
        {
            at++;
            return true;
        }

        while (true)
        {
            // Field names are matched on their raw bytes, as the parser does: an escaped name is another field.
            if (!JsonSyntax.TryString(json, ref at, out int keyStart, out int keyEnd, out _) || !JsonSyntax.TryColon(json, ref at))
            {
                return false;
            }

            bool ok = TaskStateChangeParser.Identify(json[keyStart..keyEnd]) switch
            {
                TaskStateChangeParser.TaskField.TaskArn => TryArn(json, ref at, ref arnStart, ref arnLength),
                TaskStateChangeParser.TaskField.ClusterArn => TryText(json, ref at, true, ref o.ClusterArn),
                TaskStateChangeParser.TaskField.TaskDefinitionArn => TryText(json, ref at, true, ref o.TaskDefinitionArn),
                TaskStateChangeParser.TaskField.Group => TryText(json, ref at, true, ref o.Group),
                TaskStateChangeParser.TaskField.LastStatus => TryText(json, ref at, true, ref o.LastStatus),
                TaskStateChangeParser.TaskField.DesiredStatus => TryText(json, ref at, _everyField, ref o.DesiredStatus),
                TaskStateChangeParser.TaskField.LaunchType => TryText(json, ref at, _everyField, ref o.LaunchType),
                TaskStateChangeParser.TaskField.StopCode => TryText(json, ref at, _everyField, ref o.StopCode),
                TaskStateChangeParser.TaskField.StoppedReason => TryText(json, ref at, _everyField, ref o.StoppedReason),
                TaskStateChangeParser.TaskField.Version => TryVersion(json, ref at, ref o.Version),
                TaskStateChangeParser.TaskField.CreatedAt => TryTime(json, ref at, ref o.CreatedAt),
                TaskStateChangeParser.TaskField.PullStartedAt => TryTime(json, ref at, ref o.PullStartedAt),
                TaskStateChangeParser.TaskField.PullStoppedAt => TryTime(json, ref at, ref o.PullStoppedAt),
                TaskStateChangeParser.TaskField.StartedAt => TryTime(json, ref at, ref o.StartedAt),
                TaskStateChangeParser.TaskField.StoppingAt => TryTime(json, ref at, ref o.StoppingAt),
                TaskStateChangeParser.TaskField.StoppedAt => TryTime(json, ref at, ref o.StoppedAt),
                TaskStateChangeParser.TaskField.Containers => TryContainers(json, ref at, ref o.Containers),
                _ => JsonSyntax.TrySkipValue(json, ref at, 2),
            };
            if (!ok || !JsonSyntax.TryNext(json, ref at, (byte)'}', out bool ended))
            {
                return false;
            }

            if (ended)
            {
                return true;
            }
        }
    }

    private static bool TryArn(ReadOnlySpan<byte> json, ref int at, ref int start, ref int length)
    {
        if (JsonSyntax.TryNull(json, ref at))
        {
            start = -1;
            length = 0;
            return true;
        }

        if (!JsonSyntax.TryString(json, ref at, out int from, out int to, out bool escaped) || escaped)
        {
            return false;
        }

        (start, length) = (from, to - from);
        return true;
    }

    /// <summary>A string or null; kept (pooled) only when <paramref name="keep"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryText(ReadOnlySpan<byte> json, ref int at, bool keep, ref string? value)
    {
        if (JsonSyntax.TryNull(json, ref at))
        {
            value = null;
            return true;
        }

        if (!JsonSyntax.TryString(json, ref at, out int from, out int to, out bool escaped) || escaped)
        {
            return false;
        }

        value = keep ? _strings.Get(json[from..to]) : null;
        return true;
    }

    /// <summary>A whole number of up to 18 digits, or null; other numbers go to the parser.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryVersion(ReadOnlySpan<byte> json, ref int at, ref long version)
    {
        if (JsonSyntax.TryNull(json, ref at))
        {
            version = TaskObservation.Missing;
            return true;
        }

        int start = at;
        long value = 0;
        while (at < json.Length && json[at] is >= (byte)'0' and <= (byte)'9' && at - start < 18)
        {
            value = (value * 10) + (json[at] - '0');
            at++;
        }

        int digits = at - start;
        if (digits == 0 || (digits > 1 && json[start] == '0')
            || (at < json.Length && json[at] is (byte)'.' or (byte)'e' or (byte)'E' or >= (byte)'0' and <= (byte)'9'))
        {
            return false;
        }

        version = value;
        return true;
    }

    /// <summary>An ISO-8601 string the parser accepts, or null; epoch numbers go to the parser.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryTime(ReadOnlySpan<byte> json, ref int at, ref long milliseconds)
    {
        if (JsonSyntax.TryNull(json, ref at))
        {
            milliseconds = TaskObservation.Missing;
            return true;
        }

        return JsonSyntax.TryString(json, ref at, out int from, out int to, out bool escaped) && !escaped
               && EcsTimestamp.TryParseIso8601Milliseconds(json[from..to], out milliseconds);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryContainers(ReadOnlySpan<byte> json, ref int at, ref ContainerImage[]? containers)
    {
        if (JsonSyntax.TryNull(json, ref at))
        {
            containers = null;
            return true;
        }

        if (at >= json.Length || json[at] != '[')
        {
            return false;
        }

        _containers.Clear();
        at = JsonSyntax.SkipSpace(json, at + 1);
        if (at < json.Length && json[at] == ']')
        {
            at++;
            containers = null;
            return true;
        }

        while (true)
        {
            if (at >= json.Length || json[at] != '{')
            {
                return false;
            }

            string? name = null, image = null, imageDigest = null;
            at = JsonSyntax.SkipSpace(json, at + 1);
            if (at < json.Length && json[at] == '}')
            {
                at++;
            }
            else
            {
                while (true)
                {
                    if (!JsonSyntax.TryString(json, ref at, out int keyStart, out int keyEnd, out _) || !JsonSyntax.TryColon(json, ref at))
                    {
                        return false;
                    }

                    ReadOnlySpan<byte> key = json[keyStart..keyEnd];
                    bool ok = Utf8Bytes.Same(key, "name"u8) ? TryText(json, ref at, _everyField, ref name)
                        : Utf8Bytes.Same(key, "image"u8) ? TryText(json, ref at, _everyField, ref image)
                        : Utf8Bytes.Same(key, "imageDigest"u8) ? TryText(json, ref at, _everyField, ref imageDigest)
                        : JsonSyntax.TrySkipValue(json, ref at, 4);
                    if (!ok || !JsonSyntax.TryNext(json, ref at, (byte)'}', out bool endedObject))
                    {
                        return false;
                    }

                    if (endedObject)
                    {
                        break;
                    }
                }
            }

            if (_everyField)
            {
                _containers.Add((name, image, imageDigest));
            }

            if (!JsonSyntax.TryNext(json, ref at, (byte)']', out bool ended))
            {
                return false;
            }

            if (ended)
            {
                break;
            }
        }

        containers = _everyField ? Shared() : null;
        return true;
    }

    /// <summary>Every event of a task definition lists the same container: one shared array per distinct one.</summary>
    private ContainerImage[] Shared()
    {
        if (_containers.Count == 1 && _singleContainers.TryGetValue(_containers[0], out ContainerImage[]? shared))
        {
            return shared;
        }

        var array = new ContainerImage[_containers.Count];
        for (int i = 0; i < array.Length; i++)
        {
            (string? name, string? image, string? imageDigest) = _containers[i];
            array[i] = new ContainerImage(name, image, imageDigest);
        }

        if (_containers.Count == 1 && _singleContainers.Count < 256)
        {
            _singleContainers.Add(_containers[0], array);
        }

        return array;
    }

    /// <summary>A string value compared with <paramref name="expected"/>; any other valid value compares false.</summary>
    private static bool TryEnvelopeValue(ReadOnlySpan<byte> json, ref int at, ReadOnlySpan<byte> expected, out bool equal)
    {
        equal = false;
        if (at < json.Length && json[at] == '"')
        {
            // An escaped value may still equal the expected text: the parser unescapes it.
            if (!JsonSyntax.TryString(json, ref at, out int from, out int to, out bool escaped) || escaped)
            {
                return false;
            }

            equal = Utf8Bytes.Same(json[from..to], expected);
            return true;
        }

        return JsonSyntax.TrySkipValue(json, ref at, 1);
    }
}
