using System.Globalization;

namespace ChaosDashboard.Components;

/// <summary>How the pages print times and ids; the browser client prints them the same way.</summary>
public static class Format
{
    /// <summary>Clock time in UTC, as every browser in the room sees the same figure.</summary>
    public static string Clock(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "";

    public static string Iso(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) : "";

    public static string ShortId(string id) => id.Length > 8 ? id[..8] : id;
}
