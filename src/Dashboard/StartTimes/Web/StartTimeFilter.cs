using System.Globalization;
using ChaosDashboard.StartTimeAnalysis.Analysis;
using ChaosDashboard.StartTimeAnalysis.Storage;

namespace ChaosDashboard.StartTimes;

/// <summary>
/// What the page and the export are asked for: a createdAt range (from inclusive, to exclusive), one
/// family, and two groups to compare. Every part is optional.
/// </summary>
public sealed record StartTimeFilter
{
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    /// <summary>Task definition family, every revision; null for all.</summary>
    public string? Family { get; init; }
    public GroupSelector? Compare { get; init; }
    public GroupSelector? With { get; init; }

    public static StartTimeFilter All { get; } = new();

    /// <summary>The time range as a store query (the family narrows the tables, not the comparison).</summary>
    public StartTimeQuery TimeRange => new() { From = From, To = To };

    public bool Shows(string family) => Family is null || family == Family;

    /// <summary>
    /// Reads the query values. <paramref name="from"/> and <paramref name="to"/> are UTC times
    /// (<c>2026-05-04T10:00Z</c>, or without a zone as a datetime-local field sends them, taken as UTC) or
    /// a time back from now (<c>90m</c>, <c>24h</c>, <c>7d</c>). On failure <paramref name="error"/> is one
    /// line naming the value and what would work.
    /// </summary>
    public static bool TryParse(
        string? from, string? to, string? family, string? compare, string? with, DateTimeOffset now,
        out StartTimeFilter filter, out string error)
    {
        filter = All;
        if (!TryParseTime("from", from, now, out var fromTime, out error) || !TryParseTime("to", to, now, out var toTime, out error))
            return false;
        if (fromTime is { } f && toTime is { } t && f >= t)
        {
            error = $"from ({Iso(f)}) is not before to ({Iso(t)}): choose a from earlier than to.";
            return false;
        }

        family = string.IsNullOrWhiteSpace(family) ? null : family.Trim();
        if (family is { Length: > 255 })
        {
            error = "family: a task definition family has at most 255 characters.";
            return false;
        }

        GroupSelector? first = null, second = null;
        var hasCompare = !string.IsNullOrWhiteSpace(compare);
        var hasWith = !string.IsNullOrWhiteSpace(with);
        if (hasCompare != hasWith)
        {
            error = "compare and with go together: name two task definitions, e.g. compare=socidemo-app:3&with=socidemo-app-noindex:2.";
            return false;
        }
        if (hasCompare)
        {
            if (!GroupSelector.TryParse(compare, out var a, out var groupError)) { error = "compare: " + groupError; return false; }
            if (!GroupSelector.TryParse(with, out var b, out groupError)) { error = "with: " + groupError; return false; }
            (first, second) = (a, b);
        }

        filter = new StartTimeFilter { From = fromTime, To = toTime, Family = family, Compare = first, With = second };
        error = "";
        return true;
    }

    /// <summary>The filter as query values (times absolute), for links that must show the same tasks.</summary>
    public IEnumerable<KeyValuePair<string, string>> QueryValues()
    {
        if (From is { } from) yield return new("from", Iso(from));
        if (To is { } to) yield return new("to", Iso(to));
        if (Family is { } family) yield return new("family", family);
        if (Compare is { } compare && With is { } with)
        {
            yield return new("compare", compare.ToString());
            yield return new("with", with.ToString());
        }
    }

    public string QueryString(params (string Key, string Value)[] extra) =>
        string.Join("&", extra.Select(e => new KeyValuePair<string, string>(e.Key, e.Value)).Concat(QueryValues())
            .Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value)}"));

    public static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString(time.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    static bool TryParseTime(string name, string? text, DateTimeOffset now, out DateTimeOffset? time, out string error)
    {
        time = null;
        error = "";
        if (string.IsNullOrWhiteSpace(text)) return true;
        text = text.Trim();
        var unit = text[^1];
        if (unit is 'm' or 'h' or 'd'
            && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            && amount <= 3650 * 24 * 60)
        {
            time = now - (unit switch { 'm' => TimeSpan.FromMinutes(amount), 'h' => TimeSpan.FromHours(amount), _ => TimeSpan.FromDays(amount) });
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }
        error = $"{name}: '{Shorten(text)}' is neither a UTC time such as 2026-05-04T10:00Z nor a time back from now such as 90m, 24h or 7d.";
        return false;
    }

    static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
