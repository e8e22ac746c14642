using ChaosDashboard.StartTimeAnalysis.Analysis;

namespace ChaosDashboard.StartTimes;

/// <summary>The filter as the page's form and client see it: times absolute, groups as text.</summary>
public sealed record StartTimeFilterView(string? From, string? To, string? Family, string? Compare, string? With);

/// <summary>
/// The start-time page's state, embedded in the page as JSON for the client and served again by
/// <c>GET /api/start-times</c> when a page has to start over. <see cref="Tasks"/> holds every task of
/// the time range (the family filter narrows the tables on the page, not the comparison), at most
/// <see cref="Limit"/> of them, the latest ones.
/// </summary>
public sealed record StartTimePageState
{
    public required long Seq { get; init; }
    public required StartTimeFilterView Filter { get; init; }
    /// <summary>The families in the time range, for the family filter.</summary>
    public required IReadOnlyList<string> Families { get; init; }
    /// <summary>The two groups compared: the ones asked for, else the two with the most started tasks.</summary>
    public string? Compare { get; init; }
    public string? With { get; init; }
    public required IReadOnlyList<StartTimeRowView> Tasks { get; init; }
    /// <summary>Tasks in the time range, including those beyond <see cref="Limit"/>.</summary>
    public required int MatchingTasks { get; init; }
    public required int Limit { get; init; }
    public required IReadOnlyList<StartTimeNote> Notes { get; init; }
    public required string Storage { get; init; }
    public required bool Persistent { get; init; }
}

/// <summary>Everything the page renders: the state for the client and the library's report for the tables.</summary>
public sealed record StartTimePageModel(StartTimePageState State, StartTimeReport Report, StartTimeFilter Filter)
{
    /// <summary>The most tasks a page holds; older ones in the range are left to the export.</summary>
    public const int DefaultLimit = 2000;

    /// <summary>Per-task rows of the shown family, newest first.</summary>
    public IEnumerable<StartTimeRowView> ShownTasks => State.Tasks.Where(t => Filter.Shows(t.Family)).Reverse();

    public IEnumerable<GroupSummary> ShownGroups => Report.Groups.Where(g => Filter.Shows(g.Family));

    /// <summary>The report as exported: the shown family's tasks and groups, oldest first, and the comparison.</summary>
    public StartTimeReport ShownReport => Report with
    {
        Tasks = Report.Tasks.Where(t => Filter.Shows(t.Family)).ToList(),
        Groups = ShownGroups.ToList(),
    };

    public static async Task<StartTimePageModel> BuildAsync(StartTimeBoard board, StartTimeFilter filter, CancellationToken ct, int limit = DefaultLimit)
    {
        // The sequence number comes first: a task saved during the query is then sent again as a delta,
        // which the page applies as an upsert, rather than being missed.
        var seq = board.Seq;
        var inRange = await board.QueryAsync(filter.TimeRange, ct);
        // Asked after the query: a database found damaged by it has been replaced by memory.
        var samples = await board.SamplesAsync();
        var kept = inRange.Count > limit ? inRange.Skip(inRange.Count - limit).ToList() : inRange;

        var all = StartTimeReport.Build(kept);
        var pair = filter.Compare is { } a && filter.With is { } b ? (a, b) : DefaultComparison(all.Groups);
        var report = pair is { } chosen ? all with { Comparison = GroupComparison.Compare(all.Tasks, chosen.Item1, chosen.Item2) } : all;

        var state = new StartTimePageState
        {
            Seq = seq,
            Filter = new StartTimeFilterView(
                filter.From is { } from ? StartTimeFilter.Iso(from) : null,
                filter.To is { } to ? StartTimeFilter.Iso(to) : null,
                filter.Family, filter.Compare?.ToString(), filter.With?.ToString()),
            Families = all.Groups.Select(g => g.Family).Distinct().Order(StringComparer.Ordinal).ToList(),
            Compare = pair?.Item1.ToString(),
            With = pair?.Item2.ToString(),
            Tasks = kept.Select(StartTimeRowView.From).ToList(),
            MatchingTasks = inRange.Count,
            Limit = limit,
            Notes = board.Notes,
            Storage = samples.Location,
            Persistent = samples.Persistent,
        };
        return new StartTimePageModel(state, report, filter);
    }

    /// <summary>
    /// The two task definitions with the most started tasks, the faster (lower median total) first, so
    /// the headline reads "A starts N× faster than B". Null with fewer than two.
    /// </summary>
    public static (GroupSelector, GroupSelector)? DefaultComparison(IReadOnlyList<GroupSummary> groups)
    {
        var candidates = groups
            .Where(g => g[StartMeasure.Total] is not null)
            .OrderByDescending(g => g[StartMeasure.Total]!.Count)
            .ThenBy(g => g.Family, StringComparer.Ordinal).ThenBy(g => g.Revision)
            .Take(2)
            .OrderBy(g => g[StartMeasure.Total]!.Median)
            .Select(g => g.Revision is { } revision
                ? new GroupSelector(g.Family, GroupSelector.RevisionChoice.Exact, revision)
                : new GroupSelector(g.Family, GroupSelector.RevisionChoice.Unknown, null))
            .ToList();
        return candidates.Count == 2 ? (candidates[0], candidates[1]) : null;
    }
}
