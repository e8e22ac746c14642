using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ChaosDashboard.StartTimeAnalysis.Events;

/// <summary>
/// What one event says about a task, in the compact form the fast path keeps: times as epoch
/// milliseconds (<see cref="Missing"/> when absent), strings shared through a pool, and the task ARN
/// split into its shared prefix and its id (<see cref="TaskKey"/>). The same fields as
/// <see cref="TaskStartSample"/>, without an object per event.
/// </summary>
internal struct TaskObservation
{
    /// <summary>A time or version that the event did not carry.</summary>
    public const long Missing = long.MinValue;

    public TaskKey Key;
    public string? ClusterArn;
    public string? TaskDefinitionArn;
    public string? Group;
    public string? LastStatus;
    public string? DesiredStatus;
    public string? LaunchType;
    public string? StopCode;
    public string? StoppedReason;
    public ContainerImage[]? Containers;
    public long Version;
    public long CreatedAt;
    public long PullStartedAt;
    public long PullStoppedAt;
    public long StartedAt;
    public long StoppingAt;
    public long StoppedAt;

    /// <summary>Every field missing but the key.</summary>
    public static TaskObservation Empty(TaskKey key) => new()
    {
        Key = key,
        Version = Missing,
        CreatedAt = Missing,
        PullStartedAt = Missing,
        PullStoppedAt = Missing,
        StartedAt = Missing,
        StoppingAt = Missing,
        StoppedAt = Missing,
    };

    /// <summary>Every field missing, set field by field: clearing a slot in place writes no reference that is not null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Clear()
    {
        Key = default;
        ClusterArn = TaskDefinitionArn = Group = LastStatus = DesiredStatus = LaunchType = StopCode = StoppedReason = null;
        Containers = null;
        Version = CreatedAt = PullStartedAt = PullStoppedAt = StartedAt = StoppingAt = StoppedAt = Missing;
    }

    public static TaskObservation From(TaskStartSample sample, Func<string, string> share) => new()
    {
        Key = TaskKey.From(sample.TaskArn, share),
        ClusterArn = sample.ClusterArn,
        TaskDefinitionArn = sample.TaskDefinitionArn,
        Group = sample.Group,
        LastStatus = sample.LastStatus,
        DesiredStatus = sample.DesiredStatus,
        LaunchType = sample.LaunchType,
        StopCode = sample.StopCode,
        StoppedReason = sample.StoppedReason,
        Containers = sample.Containers.Count == 0 ? null : sample.Containers as ContainerImage[] ?? [.. sample.Containers],
        Version = sample.Version ?? Missing,
        CreatedAt = Milliseconds(sample.CreatedAt),
        PullStartedAt = Milliseconds(sample.PullStartedAt),
        PullStoppedAt = Milliseconds(sample.PullStoppedAt),
        StartedAt = Milliseconds(sample.StartedAt),
        StoppingAt = Milliseconds(sample.StoppingAt),
        StoppedAt = Milliseconds(sample.StoppedAt),
    };

    public readonly TaskStartSample ToSample() => new()
    {
        TaskArn = Key.ToArn(),
        ClusterArn = ClusterArn,
        TaskDefinitionArn = TaskDefinitionArn,
        Group = Group,
        LastStatus = LastStatus,
        DesiredStatus = DesiredStatus,
        LaunchType = LaunchType,
        Version = Version == Missing ? null : Version,
        CreatedAt = Time(CreatedAt),
        PullStartedAt = Time(PullStartedAt),
        PullStoppedAt = Time(PullStoppedAt),
        StartedAt = Time(StartedAt),
        StoppingAt = Time(StoppingAt),
        StoppedAt = Time(StoppedAt),
        StopCode = StopCode,
        StoppedReason = StoppedReason,
        Containers = Containers ?? [],
    };

    public static long Milliseconds(DateTimeOffset? value) => value?.ToUnixTimeMilliseconds() ?? Missing;

    public static DateTimeOffset? Time(long milliseconds) =>
        milliseconds == Missing ? null : DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
}

/// <summary>
/// A task ARN as two parts: the prefix up to and including its last '/', shared by every task of a
/// cluster, and the id after it. ECS ids are 32 lowercase hex digits, kept as a 128-bit number;
/// any other id is kept as text. Two ARNs are equal exactly when their keys are.
/// </summary>
internal readonly record struct TaskKey(string Prefix, UInt128 HexId, string? IdText)
{
    public const int HexIdLength = 32;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static TaskKey From(ReadOnlySpan<byte> utf8Arn, Func<ReadOnlySpan<byte>, string> share)
    {
        int slash = utf8Arn.LastIndexOf((byte)'/');
        ReadOnlySpan<byte> id = utf8Arn[(slash + 1)..];
        string prefix = share(utf8Arn[..(slash + 1)]);
        return TryHex(id, out UInt128 hex)
            ? new TaskKey(prefix, hex, null)
            : new TaskKey(prefix, default, System.Text.Encoding.UTF8.GetString(id));
    }

    public static TaskKey From(string arn, Func<string, string> share)
    {
        int slash = arn.LastIndexOf('/');
        string id = arn[(slash + 1)..];
        string prefix = share(arn[..(slash + 1)]);
        Span<byte> ascii = stackalloc byte[HexIdLength];
        return id.Length == HexIdLength && System.Text.Encoding.ASCII.TryGetBytes(id, ascii, out int written)
               && written == HexIdLength && TryHex(ascii, out UInt128 value)
            ? new TaskKey(prefix, value, null)
            : new TaskKey(prefix, default, id);
    }

    /// <summary>The id as the report shows it.</summary>
    public string TaskId() => IdText ?? HexText();

    public string ToArn() => Prefix + TaskId();

    public string HexText() => string.Create(HexIdLength, HexId, static (chars, value) => WriteHex(value, chars));

    /// <summary>The 32 hex digits of the id into <paramref name="destination"/>, for writers that make no string per row; their count.</summary>
    public int WriteHexId(Span<char> destination) => WriteHex(HexId, destination);

    private static int WriteHex(UInt128 value, Span<char> destination)
    {
        for (int i = HexIdLength - 1; i >= 0; i--)
        {
            destination[i] = "0123456789abcdef"[(int)(value & 0xF)];
            value >>= 4;
        }

        return HexIdLength;
    }

    /// <summary>Ordinal order of the ids, as <see cref="string.CompareOrdinal(string, string)"/> orders them.</summary>
    public static int CompareIds(in TaskKey a, in TaskKey b)
    {
        if (a.IdText is null && b.IdText is null)
        {
            // Lowercase hex digits sort as their values do.
            return a.HexId.CompareTo(b.HexId);
        }

        return string.CompareOrdinal(a.TaskId(), b.TaskId());
    }

    /// <summary>32 lowercase hex digits as a number, read as two halves of 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryHex(ReadOnlySpan<byte> id, out UInt128 value)
    {
        value = default;
        if (id.Length != HexIdLength || !TryHalf(id[..16], out ulong upper) || !TryHalf(id[16..], out ulong lower))
        {
            return false;
        }

        value = new UInt128(upper, lower);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryHalf(ReadOnlySpan<byte> digits, out ulong value)
    {
        value = 0;
        if (Vector128.IsHardwareAccelerated && digits.Length == Vector128<byte>.Count)
        {
            // Sixteen digits at once: each a nibble ('0'-'9' or 'a'-'f', anything else refuses), then two nibbles to a byte.
            Vector128<byte> bytes = Vector128.Create(digits);
            Vector128<byte> number = bytes - Vector128.Create((byte)'0');
            Vector128<byte> letter = bytes - Vector128.Create((byte)'a');
            Vector128<byte> isNumber = Vector128.LessThanOrEqual(number, Vector128.Create((byte)9));
            Vector128<byte> isLetter = Vector128.LessThanOrEqual(letter, Vector128.Create((byte)5));
            if ((isNumber | isLetter) != Vector128<byte>.AllBitsSet)
            {
                return false;
            }

            Vector128<ushort> nibbles = Vector128.ConditionalSelect(isNumber, number, letter + Vector128.Create((byte)10)).AsUInt16();
            Vector128<ushort> pairs = ((nibbles & Vector128.Create((ushort)0xFF)) << 4) | (nibbles >> 8);
            value = BinaryPrimitives.ReverseEndianness(Vector128.Narrow(pairs, pairs).AsUInt64().ToScalar());
            return true;
        }

        foreach (byte c in digits)
        {
            uint digit = (uint)(c - '0') <= 9 ? (uint)(c - '0') : (uint)(c - 'a') <= 5 ? (uint)(c - 'a' + 10) : 16;
            if (digit > 15)
            {
                return false;
            }

            value = (value << 4) | digit;
        }

        return true;
    }
}
