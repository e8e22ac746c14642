using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChaosDashboard.StartTimeAnalysis.Events;

/// <summary>
/// The byte searches and comparisons the event path makes millions of times. The framework's own are as
/// fast once fully compiled, but a report lasts about a second: most of it would run in their first,
/// profiled compilation, which costs a call into the runtime per search. These are compiled once, at
/// full optimisation, like the rest of the path.
/// </summary>
internal static class Utf8Bytes
{
    /// <summary>
    /// Where the line at the start of <paramref name="data"/> ends (the index of its newline, or -1 when it
    /// runs to the end), and whether the line is plain ASCII, found in the same pass over its bytes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int LineEnd(ReadOnlySpan<byte> data, out bool ascii)
    {
        ref byte start = ref MemoryMarshal.GetReference(data);
        int at = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            // Sixteen bytes a step: every processor the dashboard runs on (x64, ARM64) has 128-bit vectors.
            Vector128<byte> newline = Vector128.Create((byte)'\n');
            Vector128<byte> seen = Vector128<byte>.Zero;
            for (; at + Vector128<byte>.Count <= data.Length; at += Vector128<byte>.Count)
            {
                Vector128<byte> bytes = Vector128.LoadUnsafe(ref start, (nuint)at);
                uint found = Vector128.Equals(bytes, newline).ExtractMostSignificantBits();
                if (found != 0)
                {
                    // The bytes before the newline (and the newline, which is ASCII) count; those after do not.
                    uint before = found ^ (found - 1);
                    ascii = (seen.ExtractMostSignificantBits() | (bytes.ExtractMostSignificantBits() & before)) == 0;
                    return at + BitOperations.TrailingZeroCount(found);
                }

                seen |= bytes;
            }

            if (seen.ExtractMostSignificantBits() != 0)
            {
                ascii = false;
                int rest = data[at..].IndexOf((byte)'\n');
                return rest < 0 ? -1 : at + rest;
            }
        }

        ascii = true;
        for (; at < data.Length; at++)
        {
            byte b = data[at];
            if (b == '\n')
            {
                return at;
            }

            if (b >= 0x80)
            {
                ascii = false;
                int rest = data[at..].IndexOf((byte)'\n');
                return rest < 0 ? -1 : at + rest;
            }
        }

        return -1;
    }

    /// <summary>Whether the line holds nothing but spaces, tabs and carriage returns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (byte b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Byte-for-byte equality; names and values compared here are short (under 64 bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool Same(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int length = a.Length;
        if (length != b.Length)
        {
            return false;
        }

        ref byte x = ref MemoryMarshal.GetReference(a);
        ref byte y = ref MemoryMarshal.GetReference(b);
        if (length >= sizeof(ulong))
        {
            // Word by word, the last word overlapping the one before it.
            int last = length - sizeof(ulong);
            for (int at = 0; at < last; at += sizeof(ulong))
            {
                if (Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref x, at)) != Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref y, at)))
                {
                    return false;
                }
            }

            return Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref x, last)) == Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref y, last));
        }

        if (length >= sizeof(uint))
        {
            int last = length - sizeof(uint);
            return Unsafe.ReadUnaligned<uint>(ref x) == Unsafe.ReadUnaligned<uint>(ref y)
                   && Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref x, last)) == Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref y, last));
        }

        for (int at = 0; at < length; at++)
        {
            if (Unsafe.Add(ref x, at) != Unsafe.Add(ref y, at))
            {
                return false;
            }
        }

        return true;
    }
}
