using System.Collections;
using System.Runtime.CompilerServices;
using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimeAnalysis.Analysis;

/// <summary>
/// Builds a <see cref="StartTimeReport"/> straight from a <see cref="TaskTable"/>: the statistics from one
/// array of durations per task definition and measure, the per-task rows made one at a time as they are
/// written (<see cref="TaskRowList"/>). The figures are those of <see cref="StartTimeReport.Build(IEnumerable{TaskStartSample}, ValueTuple{GroupSelector, GroupSelector}?)"/>
/// over the same tasks.
/// </summary>
internal static class TaskTableReport
{
    private const long MaxPlausibleMilliseconds = 24L * 60 * 60 * 1000;

    public static StartTimeReport Build(TaskTable table, (GroupSelector First, GroupSelector Second)? compare)
    {
        // Tasks share a handful of task definitions: read each (ARN, group) pair once.
        var definitionOf = new Dictionary<(string?, string?), int>();
        var definitions = new List<TaskDefinitionName>();
        var definitionIds = new Dictionary<TaskDefinitionName, int>();
        var rowDefinition = new int[table.TaskCount];
        var accumulators = new List<GroupAccumulator>();
        int notStarted = 0, implausible = 0;
        // Each parsing thread pools its own copy of a string, so a definition comes as a few pairs of references.
        var recent = new RecentDefinitions();
        Span<long> measures = stackalloc long[4];
        // The durations are copied out slice by slice on every core: each slice counts its own, per definition and measure.
        int slices = table.TaskCount < 4_096 ? 1 : Math.Max(1, Environment.ProcessorCount) * 2;
        int sliceRows = Math.Max(1, (table.TaskCount + slices - 1) / slices);
        var sliceCounts = new int[slices][];
        for (int slice = 0; slice < slices; slice++)
        {
            sliceCounts[slice] = new int[16];
        }

        for (int index = 0; index < table.TaskCount; index++)
        {
            ref TaskRow row = ref table.Row(index);
            // Rows of one task definition mostly hold the very same strings: compare references first.
            int definition = recent.Find(row.TaskDefinitionArn, row.Group);
            if (definition < 0)
            {
                definition = DefinitionOf(row.TaskDefinitionArn, row.Group);
                recent.Remember(row.TaskDefinitionArn, row.Group, definition);
            }

            rowDefinition[index] = definition;
            GroupAccumulator group = accumulators[definition];
            group.Tasks++;
            bool started = row.StartedAt != TaskObservation.Missing;
            Measures(ref row, measures);
            bool isImplausible = IsImplausible(measures);

            if (!started)
            {
                group.NotStarted++;
                notStarted++;
            }

            if (isImplausible)
            {
                implausible++;
            }

            if (started && !isImplausible)
            {
                ref int[] counts = ref sliceCounts[index / sliceRows];
                if (counts.Length < (definition + 1) * 4)
                {
                    Array.Resize(ref counts, Math.Max(counts.Length * 2, (definition + 1) * 4));
                }

                for (int m = 0; m < 4; m++)
                {
                    int present = measures[m] != TaskObservation.Missing ? 1 : 0;
                    group.Counts[m] += present;
                    counts[(definition * 4) + m] += present;
                }
            }
        }

        // Second pass: each duration into an array of exactly its group's and measure's size, each slice from
        // where the slices before it end. The arrays are sorted next, so the statistics do not depend on the slicing.
        var sliceStarts = new int[slices][];
        for (int slice = 0; slice < slices; slice++)
        {
            sliceStarts[slice] = new int[accumulators.Count * 4];
        }

        for (int definition = 0; definition < accumulators.Count; definition++)
        {
            GroupAccumulator group = accumulators[definition];
            for (int m = 0; m < 4; m++)
            {
                group.Seconds[m] = new double[group.Counts[m]];
                int start = 0;
                for (int slice = 0; slice < slices; slice++)
                {
                    sliceStarts[slice][(definition * 4) + m] = start;
                    int[] counts = sliceCounts[slice];
                    start += (definition * 4) + m < counts.Length ? counts[(definition * 4) + m] : 0;
                }
            }
        }

        Parallel.For(0, slices, slice => CopyDurations(table, rowDefinition, accumulators, sliceStarts[slice],
            slice * sliceRows, Math.Min(table.TaskCount, (slice + 1) * sliceRows)));

        // Each array is sorted for its median and p90: the arrays are independent, so on every core.
        var statistics = new DurationStatistics?[accumulators.Count * 4];
        Parallel.For(0, statistics.Length, i =>
        {
            double[] seconds = accumulators[i / 4].Seconds[i % 4];
            SortSeconds(seconds);
            statistics[i] = DurationStatistics.FromSorted(seconds);
        });

        // By family, then revision (an unknown one last); plain loops, as a report is too short-lived for LINQ's set-up to pay.
        var order = new int[definitions.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) =>
        {
            int byFamily = string.CompareOrdinal(definitions[a].Family, definitions[b].Family);
            if (byFamily != 0)
            {
                return byFamily;
            }

            (int? revisionA, int? revisionB) = (definitions[a].Revision, definitions[b].Revision);
            int byKnown = (revisionA is null ? 1 : 0).CompareTo(revisionB is null ? 1 : 0);
            int byRevision = byKnown != 0 ? byKnown : Nullable.Compare(revisionA, revisionB);
            return byRevision != 0 ? byRevision : a.CompareTo(b);
        });

        var groups = new List<GroupSummary>(order.Length);
        foreach (int i in order)
        {
            var measuresOf = new Dictionary<StartMeasure, DurationStatistics>();
            foreach (StartMeasure measure in StartMeasures.All)
            {
                if (statistics[(i * 4) + (int)measure] is DurationStatistics found)
                {
                    measuresOf.Add(measure, found);
                }
            }

            groups.Add(new GroupSummary
            {
                Family = definitions[i].Family,
                Revision = definitions[i].Revision,
                Tasks = accumulators[i].Tasks,
                NotStarted = accumulators[i].NotStarted,
                Measures = measuresOf,
            });
        }

        GroupComparison? comparison = compare is var (first, second)
            ? new GroupComparison(first, second, StartMeasures.All.Select(measure =>
            {
                DurationStatistics? a = DurationStatistics.ComputeInPlace(Matching(first, measure));
                DurationStatistics? b = DurationStatistics.ComputeInPlace(Matching(second, measure));
                return new MeasureComparison(measure, a, b, a is not null && b is not null && a.Median > 0 ? b.Median / a.Median : null);
            }).ToList())
            : null;

        var rows = new TaskRowList(table, definitions, rowDefinition, notStarted, implausible);
        return new StartTimeReport(rows, groups, comparison);

        int DefinitionOf(string? arn, string? group)
        {
            if (definitionOf.TryGetValue((arn, group), out int known))
            {
                return known;
            }

            TaskDefinitionName name = TaskDefinitionName.From(arn, group);
            if (!definitionIds.TryGetValue(name, out int definition))
            {
                definition = definitions.Count;
                definitions.Add(name);
                definitionIds.Add(name, definition);
                accumulators.Add(new GroupAccumulator());
            }

            definitionOf.Add((arn, group), definition);
            return definition;
        }

        double[] Matching(GroupSelector selector, StartMeasure measure) =>
            definitions.Select((name, i) => (name, i))
                .Where(pair => selector.Matches(pair.name))
                .SelectMany(pair => accumulators[pair.i].Seconds[(int)measure])
                .ToArray();
    }

    /// <summary>The durations of rows <paramref name="from"/> to <paramref name="to"/>, each written at its slice's next place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CopyDurations(
        TaskTable table, int[] rowDefinition, List<GroupAccumulator> accumulators, int[] next, int from, int to)
    {
        Span<long> durations = stackalloc long[4];
        for (int index = from; index < to; index++)
        {
            ref TaskRow row = ref table.Row(index);
            if (row.StartedAt == TaskObservation.Missing)
            {
                continue;
            }

            Measures(ref row, durations);
            if (IsImplausible(durations))
            {
                continue;
            }

            int definition = rowDefinition[index];
            double[][] seconds = accumulators[definition].Seconds;
            for (int m = 0; m < 4; m++)
            {
                if (durations[m] != TaskObservation.Missing)
                {
                    seconds[m][next[(definition * 4) + m]++] = ToSeconds(durations[m]);
                }
            }
        }
    }

    /// <summary>The last few (task definition ARN, group) reference pairs and their definitions, compared by reference.</summary>
    private sealed class RecentDefinitions
    {
        private const int Size = 8;
        private readonly (string? Arn, string? Group, int Definition)[] _entries = new (string?, string?, int)[Size];
        private int _count;
        private int _next;

        public int Find(string? arn, string? group)
        {
            for (int i = 0; i < _count; i++)
            {
                ref var entry = ref _entries[i];
                if (ReferenceEquals(entry.Arn, arn) && ReferenceEquals(entry.Group, group))
                {
                    return entry.Definition;
                }
            }

            return -1;
        }

        /// <summary>Called after <see cref="Find"/> missed: the pair replaces the oldest one kept.</summary>
        public void Remember(string? arn, string? group, int definition)
        {
            _entries[_next] = (arn, group, definition);
            _next = (_next + 1) % Size;
            _count = Math.Min(_count + 1, Size);
        }
    }

    /// <summary>As <see cref="TimeSpan.TotalSeconds"/> gives it for the same whole milliseconds.</summary>
    private static double ToSeconds(long milliseconds) => new TimeSpan(milliseconds * TimeSpan.TicksPerMillisecond).TotalSeconds;

    /// <summary>
    /// Sorts durations of whole milliseconds in seconds. They have few distinct values (a phase of seconds spans a
    /// few thousand), so they are counted by millisecond rather than compared, and written back as the same
    /// conversion gives them: the very array sorting would give. Anything else is sorted.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void SortSeconds(double[] seconds)
    {
        if (seconds.Length == 0)
        {
            return;
        }

        long min = long.MaxValue, max = long.MinValue;
        foreach (double value in seconds)
        {
            double milliseconds = Math.Round(value * 1000);
            if (!(Math.Abs(milliseconds) < 1e15) || ToSeconds((long)milliseconds) != value)
            {
                Array.Sort(seconds);
                return;
            }

            min = Math.Min(min, (long)milliseconds);
            max = Math.Max(max, (long)milliseconds);
        }

        if (max - min >= Math.Max(1L << 16, (long)seconds.Length * 4))
        {
            Array.Sort(seconds);
            return;
        }

        int[] counts = new int[max - min + 1];
        foreach (double value in seconds)
        {
            counts[(long)Math.Round(value * 1000) - min]++;
        }

        int at = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            if (counts[i] > 0)
            {
                seconds.AsSpan(at, counts[i]).Fill(ToSeconds(min + i));
                at += counts[i];
            }
        }
    }

    /// <summary>Total, provisioning, image pull and container start in milliseconds, or Missing.</summary>
    internal static void Measures(ref TaskRow row, Span<long> into)
    {
        into[(int)StartMeasure.Total] = Between(row.CreatedAt, row.StartedAt);
        into[(int)StartMeasure.Provisioning] = Between(row.CreatedAt, row.PullStartedAt);
        into[(int)StartMeasure.ImagePull] = Between(row.PullStartedAt, row.PullStoppedAt);
        into[(int)StartMeasure.ContainerStart] = Between(row.PullStoppedAt, row.StartedAt);
    }

    private static long Between(long from, long to) =>
        from == TaskObservation.Missing || to == TaskObservation.Missing ? TaskObservation.Missing : to - from;

    /// <summary>A measure below zero or longer than a day (<see cref="TaskStartRow.Implausible"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsImplausible(ReadOnlySpan<long> measures)
    {
        foreach (long measure in measures)
        {
            if (measure != TaskObservation.Missing && (measure < 0 || measure > MaxPlausibleMilliseconds))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class GroupAccumulator
    {
        public int Tasks;
        public int NotStarted;
        public readonly int[] Counts = new int[4];
        public readonly double[][] Seconds = new double[4][];
    }
}

/// <summary>
/// The per-task rows of a <see cref="TaskTable"/>, ordered by createdAt then task id, each made when it is
/// read: a report of a million tasks never holds a million rows. The order is worked out on first use,
/// so a report that prints no per-task table never sorts.
/// </summary>
internal sealed class TaskRowList(
    TaskTable table, List<TaskDefinitionName> definitions, int[] rowDefinition, int notStarted, int implausible)
    : IReadOnlyList<TaskStartRow>
{
    private int[]? _order;

    public int Count => table.TaskCount;

    public int NotStarted => notStarted;

    public int Implausible => implausible;

    public TaskStartRow this[int index] => RowAt(Order()[index]);

    /// <summary>The rows in report order, as values read straight from the table: nothing is made per row.</summary>
    public IEnumerable<CompactTaskRow> CompactRows()
    {
        for (int i = 0; i < Count; i++)
        {
            yield return CompactRowAt(i);
        }
    }

    /// <summary>The row at <paramref name="position"/> in report order (safe to call from several threads once ordered).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public CompactTaskRow CompactRowAt(int position)
    {
        int index = Order()[position];
        ref TaskRow row = ref table.Row(index);
        return new CompactTaskRow(
            table.KeyOf(index), definitions[rowDefinition[index]], row.LastStatus, row.CreatedAt, row.PullStartedAt, row.PullStoppedAt, row.StartedAt);
    }

    /// <summary>Works out the report order now, before the rows are read from several threads.</summary>
    public void Sort() => Order();

    public IEnumerator<TaskStartRow> GetEnumerator()
    {
        int[] order = Order();
        for (int i = 0; i < order.Length; i++)
        {
            yield return RowAt(order[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private TaskStartRow RowAt(int index)
    {
        ref TaskRow row = ref table.Row(index);
        TaskKey key = table.KeyOf(index);
        TaskDefinitionName definition = definitions[rowDefinition[index]];
        DateTimeOffset? createdAt = TaskObservation.Time(row.CreatedAt);
        DateTimeOffset? pullStartedAt = TaskObservation.Time(row.PullStartedAt);
        DateTimeOffset? pullStoppedAt = TaskObservation.Time(row.PullStoppedAt);
        DateTimeOffset? startedAt = TaskObservation.Time(row.StartedAt);
        string taskId = key.TaskId();
        return new TaskStartRow
        {
            TaskId = taskId,
            TaskArn = key.Prefix + taskId,
            Family = definition.Family,
            Revision = definition.Revision,
            LastStatus = row.LastStatus,
            CreatedAt = createdAt,
            PullStartedAt = pullStartedAt,
            PullStoppedAt = pullStoppedAt,
            StartedAt = startedAt,
        };
    }

    private int[] Order()
    {
        if (_order is not null)
        {
            return _order;
        }

        var order = new int[table.TaskCount];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // As StartTimeReport.Build orders rows: createdAt (unknown first), then task id. Read from the rows
        // themselves: no copy of the keys.
        Array.Sort(order, (a, b) =>
        {
            ref TaskRow first = ref table.Row(a);
            ref TaskRow second = ref table.Row(b);
            int byCreated = first.CreatedAt.CompareTo(second.CreatedAt);
            if (byCreated != 0)
            {
                return byCreated;
            }

            return first.TextId < 0 && second.TextId < 0
                ? first.HexId.CompareTo(second.HexId)
                : TaskKey.CompareIds(table.KeyOf(a), table.KeyOf(b));
        });
        _order = order;
        return order;
    }
}

/// <summary>One row of a <see cref="TaskRowList"/> as values: times in epoch milliseconds (or Missing).</summary>
internal readonly record struct CompactTaskRow(
    TaskKey Key, TaskDefinitionName Definition, string? LastStatus, long CreatedAt, long PullStartedAt, long PullStoppedAt, long StartedAt)
{
    /// <summary>Total, provisioning, image pull, container start (by <see cref="StartMeasure"/> order) in milliseconds.</summary>
    public long Measure(int measure) => measure switch
    {
        0 => Between(CreatedAt, StartedAt),
        1 => Between(CreatedAt, PullStartedAt),
        2 => Between(PullStartedAt, PullStoppedAt),
        _ => Between(PullStoppedAt, StartedAt),
    };

    private static long Between(long from, long to) =>
        from == TaskObservation.Missing || to == TaskObservation.Missing ? TaskObservation.Missing : to - from;
}
