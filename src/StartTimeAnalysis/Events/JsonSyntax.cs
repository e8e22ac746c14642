using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChaosDashboard.StartTimeAnalysis.Events;

/// <summary>
/// The grammar of JSON (RFC 8259) as <see cref="TaskEventScanner"/> checks it: each method reads one piece
/// at <c>at</c> and moves past it, or says false when the text is not valid JSON there (or is too deep for
/// the scanner), leaving the decision to the full parser.
/// </summary>
internal static class JsonSyntax
{
    /// <summary>Deeper nesting than this goes to the parser (which allows 64).</summary>
    internal const int MaxDepth = 32;

    /// <summary>
    /// Validates and passes over any JSON value. Nested objects and arrays are walked in one loop rather than
    /// by recursion: what is open is kept as one bit per level (object or array), as deep as <see cref="MaxDepth"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool TrySkipValue(ReadOnlySpan<byte> json, ref int at, int depth)
    {
        ulong objects = 0; // bit 0 is the innermost open container: 1 for an object, 0 for an array
        int open = 0;
        while (true)
        {
            // At the start of a value.
            if (at >= json.Length)
            {
                return false;
            }

            byte c = json[at];
            if (c is (byte)'{' or (byte)'[')
            {
                if (depth + open >= MaxDepth)
                {
                    return false;
                }

                bool isObject = c == '{';
                at = SkipSpace(json, at + 1);
                if (at < json.Length && json[at] == (isObject ? (byte)'}' : (byte)']'))
                {
                    at++;
                }
                else
                {
                    objects = (objects << 1) | (isObject ? 1UL : 0UL);
                    open++;
                    if (isObject && (!TryString(json, ref at, out _, out _, out _) || !TryColon(json, ref at)))
                    {
                        return false;
                    }

                    continue;
                }
            }
            else if (!TrySkipScalar(json, ref at, c))
            {
                return false;
            }

            // After a whole value: a comma and the next member, or the end of the containers it closes.
            while (true)
            {
                if (open == 0)
                {
                    return true;
                }

                bool inObject = (objects & 1) != 0;
                if (!TryNext(json, ref at, inObject ? (byte)'}' : (byte)']', out bool ended))
                {
                    return false;
                }

                if (!ended)
                {
                    if (inObject && (!TryString(json, ref at, out _, out _, out _) || !TryColon(json, ref at)))
                    {
                        return false;
                    }

                    break;
                }

                objects >>= 1;
                open--;
            }
        }
    }

    /// <summary>A string, a literal or a number starting with <paramref name="first"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TrySkipScalar(ReadOnlySpan<byte> json, ref int at, byte first) => first switch
    {
        (byte)'"' => TryString(json, ref at, out _, out _, out _),
        (byte)'t' => TryLiteral(json, ref at, "true"u8),
        (byte)'f' => TryLiteral(json, ref at, "false"u8),
        (byte)'n' => TryLiteral(json, ref at, "null"u8),
        _ => TryNumber(json, ref at),
    };

    /// <summary>-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?</summary>
    internal static bool TryNumber(ReadOnlySpan<byte> json, ref int at)
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

    internal static bool TryDigits(ReadOnlySpan<byte> json, ref int at)
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryString(ReadOnlySpan<byte> json, ref int at, out int start, out int end, out bool escaped)
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
    /// bytes), too short for a general search's set-up to pay: 32 bytes are compared at a time inline.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryFindStringStop(ReadOnlySpan<byte> json, ref int at)
    {
        ref byte start = ref MemoryMarshal.GetReference(json);
        // ARNs, ids and image names are 30 to 100 bytes: 32 at a time takes most in one to three steps.
        if (Vector256.IsHardwareAccelerated)
        {
            while (at + Vector256<byte>.Count <= json.Length)
            {
                Vector256<byte> bytes = Vector256.LoadUnsafe(ref start, (nuint)at);
                uint stops = (Vector256.Equals(bytes, Vector256.Create((byte)'"')) | Vector256.Equals(bytes, Vector256.Create((byte)'\\'))
                              | Vector256.LessThan(bytes, Vector256.Create((byte)0x20))).ExtractMostSignificantBits();
                if (stops != 0)
                {
                    at += BitOperations.TrailingZeroCount(stops);
                    return true;
                }

                at += Vector256<byte>.Count;
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            while (at + (2 * Vector128<byte>.Count) <= json.Length)
            {
                uint stops = StringStops(Vector128.LoadUnsafe(ref start, (nuint)at))
                    | (StringStops(Vector128.LoadUnsafe(ref start, (nuint)(at + Vector128<byte>.Count))) << Vector128<byte>.Count);
                if (stops != 0)
                {
                    at += BitOperations.TrailingZeroCount(stops);
                    return true;
                }

                at += 2 * Vector128<byte>.Count;
            }
        }

        if (Vector128.IsHardwareAccelerated && at + Vector128<byte>.Count <= json.Length)
        {
            uint stops = StringStops(Vector128.LoadUnsafe(ref start, (nuint)at));
            if (stops != 0)
            {
                at += BitOperations.TrailingZeroCount(stops);
                return true;
            }

            at += Vector128<byte>.Count;
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

    /// <summary>A bit for each quote, backslash or control character of the sixteen bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint StringStops(Vector128<byte> bytes) =>
        (Vector128.Equals(bytes, Vector128.Create((byte)'"')) | Vector128.Equals(bytes, Vector128.Create((byte)'\\'))
         | Vector128.LessThan(bytes, Vector128.Create((byte)0x20))).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryLiteral(ReadOnlySpan<byte> json, ref int at, ReadOnlySpan<byte> literal)
    {
        if (!json[at..].StartsWith(literal))
        {
            return false;
        }

        at += literal.Length;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryNull(ReadOnlySpan<byte> json, ref int at) =>
        at < json.Length && json[at] == 'n' && TryLiteral(json, ref at, "null"u8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryColon(ReadOnlySpan<byte> json, ref int at)
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
    internal static bool TryNext(ReadOnlySpan<byte> json, ref int at, byte close, out bool ended)
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
    internal static int SkipSpace(ReadOnlySpan<byte> json, int at)
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
    internal static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    internal static bool IsHex(byte c) => c is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';
}
