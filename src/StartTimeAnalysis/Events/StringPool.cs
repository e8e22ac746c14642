using System.Runtime.CompilerServices;
using System.Text.Json;

namespace ChaosDashboard.StartTimeAnalysis.Events;

/// <summary>
/// Returns one shared string for values that repeat across events (cluster and task definition ARNs,
/// statuses, images), so a million events do not allocate a million copies of the same few strings.
/// Not thread-safe: one per parser.
/// </summary>
internal sealed class StringPool
{
    private const int MaxPooledLength = 512;
    // Values that repeat are few (a handful of clusters, task definitions, statuses, images); values unique to a
    // task or an image build (digests) fill the pool without sharing anything, one pool per parsing thread.
    private const int MaxEntries = 1_024;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public StringPool() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The current string token's value; null for a JSON null.</summary>
    public string? Get(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new MalformedEventException($"expected a string, found {Describe(reader.TokenType)}");
        }

        // A UTF-8 value never decodes to more chars than it has bytes.
        if (reader.ValueSpan.Length > MaxPooledLength)
        {
            return reader.GetString();
        }

        Span<char> buffer = stackalloc char[MaxPooledLength];
        int length = reader.CopyString(buffer);
        return Get(buffer[..length]);
    }

    /// <summary>
    /// The shared string for UTF-8 text without escapes (the fast path checks both). The few values that
    /// repeat event after event are found first by their bytes alone, without decoding them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxPooledLength)
        {
            return System.Text.Encoding.UTF8.GetString(utf8);
        }

        int slot = utf8.IsEmpty ? 0 : ((utf8.Length * 31) + (utf8[^1] * 7) + utf8[utf8.Length / 2]) & (RecentSlots - 1);
        ref RecentString recent = ref _recent[slot];
        if (recent.Utf8 is not null && Utf8Bytes.Same(utf8, recent.Utf8))
        {
            return recent.Value;
        }

        Span<char> buffer = stackalloc char[MaxPooledLength];
        int length = System.Text.Encoding.UTF8.GetChars(utf8, buffer);
        string value = Get(buffer[..length]);
        recent = new RecentString(utf8.ToArray(), value);
        return value;
    }

    private const int RecentSlots = 64;

    private readonly RecentString[] _recent = new RecentString[RecentSlots];

    private readonly record struct RecentString(byte[] Utf8, string Value);

    /// <summary>The shared string equal to <paramref name="text"/>.</summary>
    public string Get(ReadOnlySpan<char> text)
    {
        if (_lookup.TryGetValue(text, out string? pooled))
        {
            return pooled;
        }

        string value = new(text);
        if (_strings.Count < MaxEntries)
        {
            _strings.Add(value, value);
        }

        return value;
    }

    /// <summary>The shared string equal to <paramref name="text"/>.</summary>
    public string Get(string text) => Get(text.AsSpan());

    internal static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
