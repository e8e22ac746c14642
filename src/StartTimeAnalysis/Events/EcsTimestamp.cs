using System.Runtime.CompilerServices;

namespace ChaosDashboard.StartTimeAnalysis.Events;

/// <summary>
/// Parses the two timestamp forms ECS uses: ISO-8601 strings in events (<c>2023-03-03T11:24:17Z</c>,
/// <c>…17.19Z</c>, <c>…13.877Z</c>) and epoch seconds in DescribeTasks (<c>1677842657</c>,
/// <c>1677842657.536</c>, <c>1.677842657536E9</c>). Values are kept to the millisecond, the
/// precision ECS gives; further fraction digits are dropped.
/// </summary>
public static class EcsTimestamp
{
    private static readonly decimal MaxEpochSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>
    /// Parses <c>yyyy-MM-ddTHH:mm:ss</c>, an optional fraction of any length, then <c>Z</c> or an offset
    /// (<c>+hh:mm</c>, <c>-hh:mm</c>). Written by hand because the framework's exact formats want a fixed
    /// number of fraction digits, and the sample script's own parser failed on a value without one.
    /// </summary>
    public static bool TryParseIso8601(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 20
            || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't')
            || text[13] != ':' || text[16] != ':')
        {
            return false;
        }

        if (!TryDigits(text, 0, 4, out int year) || !TryDigits(text, 5, 2, out int month)
            || !TryDigits(text, 8, 2, out int day) || !TryDigits(text, 11, 2, out int hour)
            || !TryDigits(text, 14, 2, out int minute) || !TryDigits(text, 17, 2, out int second))
        {
            return false;
        }

        int position = 19;
        int milliseconds = 0;
        if (text[position] == '.')
        {
            position++;
            int fractionStart = position;
            while (position < text.Length && IsDigit(text[position]))
            {
                if (position - fractionStart < 3)
                {
                    milliseconds = (milliseconds * 10) + (text[position] - '0');
                }

                position++;
            }

            int digits = position - fractionStart;
            if (digits == 0)
            {
                return false;
            }

            // ".19" is 190 ms, ".1" is 100 ms.
            for (int scale = digits; scale < 3; scale++)
            {
                milliseconds *= 10;
            }
        }

        TimeSpan offset;
        ReadOnlySpan<byte> zone = text[position..];
        if (zone.Length == 1 && (zone[0] == 'Z' || zone[0] == 'z'))
        {
            offset = TimeSpan.Zero;
        }
        else if (zone.Length == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':'
                 && TryDigits(zone, 1, 2, out int offsetHours) && TryDigits(zone, 4, 2, out int offsetMinutes)
                 && offsetHours < 24 && offsetMinutes < 60)
        {
            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            if (zone[0] == '-')
            {
                offset = -offset;
            }
        }
        else
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        try
        {
            var local = new DateTime(year, month, day, hour, minute, second, milliseconds, DateTimeKind.Unspecified);
            value = new DateTimeOffset(local, offset).ToUniversalTime();
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            // Only at the ends of the calendar, where an offset pushes the instant out of range.
            return false;
        }
    }

    /// <summary>
    /// The same parse, as epoch milliseconds. The usual UTC form (<c>…Z</c>) is counted straight from its
    /// fields, without building a date; an offset goes the long way round.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseIso8601Milliseconds(ReadOnlySpan<byte> text, out long milliseconds)
    {
        milliseconds = 0;
        if (text.Length < 21 || (text[^1] != 'Z' && text[^1] != 'z'))
        {
            if (!TryParseIso8601(text, out DateTimeOffset instant))
            {
                return false;
            }

            milliseconds = instant.ToUnixTimeMilliseconds();
            return true;
        }

        if (text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':'
            || !TryDigits(text, 0, 4, out int year) || !TryDigits(text, 5, 2, out int month)
            || !TryDigits(text, 8, 2, out int day) || !TryDigits(text, 11, 2, out int hour)
            || !TryDigits(text, 14, 2, out int minute) || !TryDigits(text, 17, 2, out int second))
        {
            return false;
        }

        int fraction = 0;
        if (text.Length > 20)
        {
            // ".f" to any number of digits, then the Z: the first three are the milliseconds.
            if (text[19] != '.')
            {
                return false;
            }

            int digits = text.Length - 21;
            if (digits == 0)
            {
                return false;
            }

            for (int i = 0; i < digits; i++)
            {
                byte c = text[20 + i];
                if (!IsDigit(c))
                {
                    return false;
                }

                if (i < 3)
                {
                    fraction = (fraction * 10) + (c - '0');
                }
            }

            for (int scale = digits; scale < 3; scale++)
            {
                fraction *= 10;
            }
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        milliseconds = (((((DaysFromEpoch(year, month, day) * 24L) + hour) * 60 + minute) * 60 + second) * 1000) + fraction;
        return true;
    }

    /// <summary>Days from 1970-01-01 to the date (proleptic Gregorian), after Howard Hinnant's days_from_civil.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long DaysFromEpoch(int year, int month, int day)
    {
        long y = month <= 2 ? year - 1 : year;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yearOfEra = y - (era * 400);
        long dayOfYear = ((153 * (month > 2 ? month - 3 : month + 9)) + 2) / 5 + day - 1;
        long dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146097) + dayOfEra - 719468;
    }

    /// <summary>Epoch seconds, possibly fractional, as DescribeTasks returns them.</summary>
    public static bool TryFromEpochSeconds(decimal seconds, out DateTimeOffset value)
    {
        value = default;
        if (seconds < 0 || seconds > MaxEpochSeconds)
        {
            return false;
        }

        value = DateTimeOffset.FromUnixTimeMilliseconds((long)decimal.Truncate(seconds * 1000m));
        return true;
    }

    /// <summary>Drops what is below the millisecond, so every source agrees on the same instant.</summary>
    public static DateTimeOffset? ToMilliseconds(DateTimeOffset? value) =>
        value is DateTimeOffset instant
            ? DateTimeOffset.FromUnixTimeMilliseconds(instant.ToUnixTimeMilliseconds())
            : null;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryDigits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        for (int i = start; i < start + count; i++)
        {
            if (!IsDigit(text[i]))
            {
                return false;
            }

            value = (value * 10) + (text[i] - '0');
        }

        return true;
    }

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';
}
