namespace ChaosDashboard.Components.Shared;

/// <summary>
/// Markup that many open pages draw alike (a chart of the same trial) is kept once: a page hands in the
/// string it wrote and gets back an equal one another page already holds, if any. Only the last few
/// are remembered, so nothing grows with the pages or over time; a string no page holds any more is
/// collected as usual once it has left this list.
/// </summary>
public static class SharedMarkup
{
    const int Kept = 8;
    static readonly string?[] Recent = new string?[Kept];
    static int _next;
    static readonly Lock Gate = new();

    // Markup by the list it was drawn from: every page gets the same list of a snapshot, so one page draws it for all.
    static readonly (object? Source, string? Markup)[] RecentBySource = new (object?, string?)[Kept];
    static int _nextBySource;

    /// <summary>The markup drawn from <paramref name="source"/> (compared by reference), drawn only if no page did yet.</summary>
    public static string For<T>(T source, Func<T, string> draw) where T : class
    {
        lock (Gate)
        {
            foreach (var (kept, markup) in RecentBySource)
                if (ReferenceEquals(kept, source)) return markup!;
        }

        var drawn = Share(draw(source));
        lock (Gate)
        {
            RecentBySource[_nextBySource] = (source, drawn);
            _nextBySource = (_nextBySource + 1) % Kept;
        }

        return drawn;
    }

    public static string Share(string markup)
    {
        lock (Gate)
        {
            foreach (var kept in Recent)
                if (string.Equals(kept, markup, StringComparison.Ordinal)) return kept!;
            Recent[_next] = markup;
            _next = (_next + 1) % Kept;
            return markup;
        }
    }
}
