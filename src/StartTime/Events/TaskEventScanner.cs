using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChaosDashboard.StartTime.Events;

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
    /// <summary>Deeper nesting than this goes to the parser (which allows 64).</summary>
    private const int MaxDepth = 32;

    private readonly StringPool _strings;
    private readonly bool _everyField;
    private readonly Func<ReadOnlySpan<byte>, string> _share;
    private readonly List<ContainerImage> _containers = new(2);
    private readonly Dictionary<ContainerImage, ContainerImage[]> _singleContainers = [];

    /// <param name="strings">The pool shared with this thread's parser.</param>
    /// <param name="everyField">Also read what the report does not show (desired status, stop code, containers…), for storage.</param>
    public TaskEventScanner(StringPool strings, bool everyField)
    {
        _strings = strings;
        _everyField = everyField;
        _share = strings.Get;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ScanOutcome Scan(ReadOnlySpan<byte> json, out TaskObservation observation)
    {
        observation = TaskObservation.Empty(default);
        int at = SkipSpace(json, 0);
        if (at >= json.Length || json[at] != '{')
        {
            return ScanOutcome.NeedsParser;
        }

        bool isTaskStateChange = false, isFromEcs = false, sawType = false, sawSource = false, sawDetail = false;
        bool detailRead = false;
        int arnStart = -1, arnLength = 0;
        at = SkipSpace(json, at + 1);
        if (at < json.Length && json[at] == '}')
        {
            at++;
        }
        else
        {
            while (true)
            {
                if (!TryString(json, ref at, out int keyStart, out int keyEnd, out bool keyEscaped) || keyEscaped
                    || !TryColon(json, ref at))
                {
                    return ScanOutcome.NeedsParser;
                }

                ReadOnlySpan<byte> key = json[keyStart..keyEnd];
                if (key.SequenceEqual("detail-type"u8))
                {
                    if (sawType || !TryEnvelopeValue(json, ref at, "ECS Task State Change"u8, out isTaskStateChange))
                    {
                        return ScanOutcome.NeedsParser;
                    }

                    sawType = true;
                }
                else if (key.SequenceEqual("source"u8))
                {
                    if (sawSource || !TryEnvelopeValue(json, ref at, "aws.ecs"u8, out isFromEcs))
                    {
                        return ScanOutcome.NeedsParser;
                    }

                    sawSource = true;
                }
                else if (key.SequenceEqual("detail"u8))
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
                    else if (!TrySkipValue(json, ref at, 1))
                    {
                        return ScanOutcome.NeedsParser;
                    }
                }
                else if (!TrySkipValue(json, ref at, 1))
                {
                    return ScanOutcome.NeedsParser;
                }

                if (!TryNext(json, ref at, (byte)'}', out bool ended))
                {
                    return ScanOutcome.NeedsParser;
                }

                if (ended)
                {
                    break;
                }
            }
        }

        if (SkipSpace(json, at) != json.Length)
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
        at = SkipSpace(json, at + 1);
        if (at < json.Length && json[at] == '}')
        {
            at++;
            return true;
        }

        while (true)
        {
            // Field names are matched on their raw bytes, as the parser does: an escaped name is another field.
            if (!TryString(json, ref at, out int keyStart, out int keyEnd, out _) || !TryColon(json, ref at))
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
                _ => TrySkipValue(json, ref at, 2),
            };
            if (!ok || !TryNext(json, ref at, (byte)'}', out bool ended))
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
        if (TryNull(json, ref at))
        {
            start = -1;
            length = 0;
            return true;
        }

        if (!TryString(json, ref at, out int from, out int to, out bool escaped) || escaped)
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
        if (TryNull(json, ref at))
        {
            value = null;
            return true;
        }

        if (!TryString(json, ref at, out int from, out int to, out bool escaped) || escaped)
        {
            return false;
        }

        value = keep ? _strings.Get(json[from..to]) : null;
        return true;
    }

    /// <summary>A whole number of up to 18 digits, or null; other numbers go to the parser.</summary>
    private static bool TryVersion(ReadOnlySpan<byte> json, ref int at, ref long version)
    {
        if (TryNull(json, ref at))
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
        if (TryNull(json, ref at))
        {
            milliseconds = TaskObservation.Missing;
            return true;
        }

        return TryString(json, ref at, out int from, out int to, out bool escaped) && !escaped
               && EcsTimestamp.TryParseIso8601Milliseconds(json[from..to], out milliseconds);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryContainers(ReadOnlySpan<byte> json, ref int at, ref ContainerImage[]? containers)
    {
        if (TryNull(json, ref at))
        {
            containers = null;
            return true;
        }

        if (at >= json.Length || json[at] != '[')
        {
            return false;
        }

        _containers.Clear();
        at = SkipSpace(json, at + 1);
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
            at = SkipSpace(json, at + 1);
            if (at < json.Length && json[at] == '}')
            {
                at++;
            }
            else
            {
                while (true)
                {
                    if (!TryString(json, ref at, out int keyStart, out int keyEnd, out _) || !TryColon(json, ref at))
                    {
                        return false;
                    }

                    ReadOnlySpan<byte> key = json[keyStart..keyEnd];
                    bool ok = key.SequenceEqual("name"u8) ? TryText(json, ref at, _everyField, ref name)
                        : key.SequenceEqual("image"u8) ? TryText(json, ref at, _everyField, ref image)
                        : key.SequenceEqual("imageDigest"u8) ? TryText(json, ref at, _everyField, ref imageDigest)
                        : TrySkipValue(json, ref at, 4);
                    if (!ok || !TryNext(json, ref at, (byte)'}', out bool endedObject))
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
                _containers.Add(new ContainerImage(name, image, imageDigest));
            }

            if (!TryNext(json, ref at, (byte)']', out bool ended))
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

        ContainerImage[] array = [.. _containers];
        if (_containers.Count == 1 && _singleContainers.Count < 4_096)
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
            if (!TryString(json, ref at, out int from, out int to, out bool escaped) || escaped)
            {
                return false;
            }

            equal = json[from..to].SequenceEqual(expected);
            return true;
        }

        return TrySkipValue(json, ref at, 1);
    }

    /// <summary>Validates and passes over any JSON value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TrySkipValue(ReadOnlySpan<byte> json, ref int at, int depth)
    {
        if (at >= json.Length)
        {
            return false;
        }

        switch (json[at])
        {
            case (byte)'"':
                return TryString(json, ref at, out _, out _, out _);
            case (byte)'{':
                if (depth >= MaxDepth)
                {
                    return false;
                }

                at = SkipSpace(json, at + 1);
                if (at < json.Length && json[at] == '}')
                {
                    at++;
                    return true;
                }

                while (true)
                {
                    if (!TryString(json, ref at, out _, out _, out _) || !TryColon(json, ref at)
                        || !TrySkipValue(json, ref at, depth + 1) || !TryNext(json, ref at, (byte)'}', out bool ended))
                    {
                        return false;
                    }

                    if (ended)
                    {
                        return true;
                    }
                }

            case (byte)'[':
                if (depth >= MaxDepth)
                {
                    return false;
                }

                at = SkipSpace(json, at + 1);
                if (at < json.Length && json[at] == ']')
                {
                    at++;
                    return true;
                }

                while (true)
                {
                    if (!TrySkipValue(json, ref at, depth + 1) || !TryNext(json, ref at, (byte)']', out bool ended))
                    {
                        return false;
                    }

                    if (ended)
                    {
                        return true;
                    }
                }

            case (byte)'t':
                return TryLiteral(json, ref at, "true"u8);
            case (byte)'f':
                return TryLiteral(json, ref at, "false"u8);
            case (byte)'n':
                return TryLiteral(json, ref at, "null"u8);
            default:
                return TryNumber(json, ref at);
        }
    }

    /// <summary>-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?</summary>
    private static bool TryNumber(ReadOnlySpan<byte> json, ref int at)
    {
        if (at < json.Length && json[at] == '-')
        {
            at++;
        }

        if (at >= json.Length || !IsDigit(json[at]))
        {
            return false;
        }

        if (json[at] == '0')
        {
            at++;
        }
        else
        {
            while (at < json.Length && IsDigit(json[at]))
            {
                at++;
            }
        }

        if (at < json.Length && json[at] == '.')
        {
            at++;
            if (!TryDigits(json, ref at))
            {
                return false;
            }
        }

        if (at < json.Length && json[at] is (byte)'e' or (byte)'E')
        {
            at++;
            if (at < json.Length && json[at] is (byte)'+' or (byte)'-')
            {
                at++;
            }

            if (!TryDigits(json, ref at))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> json, ref int at)
    {
        int start = at;
        while (at < json.Length && IsDigit(json[at]))
        {
            at++;
        }

        return at > start;
    }

    /// <summary>
    /// A string at <paramref name="at"/>: its content between the quotes, whether it holds escapes. Fails on
    /// a bad escape, a control character or a missing closing quote, as JSON requires.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryString(ReadOnlySpan<byte> json, ref int at, out int start, out int end, out bool escaped)
    {
        start = end = 0;
        escaped = false;
        if (at >= json.Length || json[at] != '"')
        {
            return false;
        }

        start = ++at;
        while (true)
        {
            if (!TryFindStringStop(json, ref at))
            {
                return false;
            }

            byte c = json[at];
            if (c == '"')
            {
                end = at++;
                return true;
            }

            if (c != '\\' || at + 1 >= json.Length)
            {
                return false;
            }

            escaped = true;
            byte kind = json[at + 1];
            if (kind is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t')
            {
                at += 2;
            }
            else if (kind == 'u' && at + 6 <= json.Length && IsHex(json[at + 2]) && IsHex(json[at + 3]) && IsHex(json[at + 4]) && IsHex(json[at + 5]))
            {
                at += 6;
            }
            else
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Moves to the next quote, backslash or control character. Strings here are short (ten to a hundred
    /// bytes), too short for a general search's set-up to pay: sixteen bytes are compared at a time inline.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryFindStringStop(ReadOnlySpan<byte> json, ref int at)
    {
        ref byte start = ref MemoryMarshal.GetReference(json);
        if (Vector128.IsHardwareAccelerated)
        {
            Vector128<byte> quote = Vector128.Create((byte)'"');
            Vector128<byte> backslash = Vector128.Create((byte)'\\');
            Vector128<byte> space = Vector128.Create((byte)0x20);
            while (at + Vector128<byte>.Count <= json.Length)
            {
                Vector128<byte> bytes = Vector128.LoadUnsafe(ref start, (nuint)at);
                uint stops = (Vector128.Equals(bytes, quote) | Vector128.Equals(bytes, backslash) | Vector128.LessThan(bytes, space))
                    .ExtractMostSignificantBits();
                if (stops != 0)
                {
                    at += BitOperations.TrailingZeroCount(stops);
                    return true;
                }

                at += Vector128<byte>.Count;
            }
        }

        while (at < json.Length)
        {
            byte c = json[at];
            if (c == '"' || c == '\\' || c < 0x20)
            {
                return true;
            }

            at++;
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryLiteral(ReadOnlySpan<byte> json, ref int at, ReadOnlySpan<byte> literal)
    {
        if (!json[at..].StartsWith(literal))
        {
            return false;
        }

        at += literal.Length;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryNull(ReadOnlySpan<byte> json, ref int at) =>
        at < json.Length && json[at] == 'n' && TryLiteral(json, ref at, "null"u8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryColon(ReadOnlySpan<byte> json, ref int at)
    {
        at = SkipSpace(json, at);
        if (at >= json.Length || json[at] != ':')
        {
            return false;
        }

        at = SkipSpace(json, at + 1);
        return true;
    }

    /// <summary>After a value: a comma (then the next member) or the closing bracket.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryNext(ReadOnlySpan<byte> json, ref int at, byte close, out bool ended)
    {
        ended = false;
        at = SkipSpace(json, at);
        if (at >= json.Length)
        {
            return false;
        }

        if (json[at] == ',')
        {
            at = SkipSpace(json, at + 1);
            return true;
        }

        if (json[at] == close)
        {
            at++;
            ended = true;
            return true;
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipSpace(ReadOnlySpan<byte> json, int at)
    {
        // Events are written without spaces: the usual answer is the first comparison.
        if (at < json.Length && json[at] > (byte)' ')
        {
            return at;
        }

        while (at < json.Length && json[at] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            at++;
        }

        return at;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    private static bool IsHex(byte c) => c is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';
}
