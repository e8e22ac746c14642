using System.Runtime.CompilerServices;
using ChaosDashboard.StartTimeAnalysis.Events;
using ChaosDashboard.StartTimeAnalysis.Sources;

namespace ChaosDashboard.StartTimeAnalysis.Analysis;

/// <summary>
/// One compact row per task, merged from its observations by <see cref="TaskStartMerger"/>'s rule
/// (highest version wins, what it lacks is filled from the others, a repeated task and version is a
/// duplicate delivery), with the same results for the same observations in the same order. A row holds
/// the task's id as a 128-bit number, shared strings and times as epoch milliseconds: about 90 bytes
/// per task, plus about 60 more when <see cref="KeepsEveryField"/> (for saving the tasks). Not thread-safe.
/// </summary>
public sealed class TaskTable
{
    // 512 rows of 88 bytes stay under the large object heap's 85 KB: chunks of a table dropped after an import window are compacted away.
    private const int ChunkBits = 9;
    private const int ChunkSize = 1 << ChunkBits;

    private readonly StringPool _strings = new();
    private readonly Dictionary<string, int> _prefixIds = new(StringComparer.Ordinal);
    private readonly List<string> _prefixes = [];
    private readonly Dictionary<(int Prefix, string Id), int> _textKeys = [];
    private readonly List<string> _textIds = [];
    private TaskRow[][] _rows = [];
    private TaskExtras[][] _extras = [];
    private int[] _slots = new int[1 << 10];
    private string? _lastPrefix;
    private int _lastPrefixId;

    /// <param name="keepEveryField">Also keep what reports do not show (desired status, stop code, containers…), to save the tasks.</param>
    public TaskTable(bool keepEveryField = false) => KeepsEveryField = keepEveryField;

    public bool KeepsEveryField { get; }

    /// <summary>Observations added.</summary>
    public long Observations { get; private set; }

    /// <summary>Observations that repeated the (task ARN, version) of the task's winning observation.</summary>
    public long DuplicateDeliveries { get; private set; }

    /// <summary>Distinct tasks.</summary>
    public int TaskCount { get; private set; }

    /// <summary>
    /// Empties the table for the next window of an import, keeping its storage (row chunks, slots, shared strings):
    /// what it holds next is as if it were new.
    /// </summary>
    internal void Clear()
    {
        Observations = 0;
        DuplicateDeliveries = 0;
        TaskCount = 0;
        Array.Clear(_slots);
        _textKeys.Clear();
        _textIds.Clear();
    }

    public void Add(TaskStartSample observation) => Add(TaskObservation.From(observation, _strings.Get));

    internal void Add(ParsedBlock block)
    {
        for (int i = 0; i < block.Count; i++)
        {
            Add(in block.Observations[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Add(in TaskObservation o)
    {
        Observations++;
        int index = FindOrInsert(o.Key, out bool inserted);
        ref TaskRow row = ref Row(index);
        if (inserted)
        {
            row.TaskDefinitionArn = o.TaskDefinitionArn;
            row.Group = o.Group;
            row.LastStatus = o.LastStatus;
            row.Version = o.Version;
            row.CreatedAt = o.CreatedAt;
            row.PullStartedAt = o.PullStartedAt;
            row.PullStoppedAt = o.PullStoppedAt;
            row.StartedAt = o.StartedAt;
            if (KeepsEveryField)
            {
                Extras(index) = new TaskExtras
                {
                    ClusterArn = o.ClusterArn,
                    DesiredStatus = o.DesiredStatus,
                    LaunchType = o.LaunchType,
                    StopCode = o.StopCode,
                    StoppedReason = o.StoppedReason,
                    Containers = o.Containers,
                    StoppingAt = o.StoppingAt,
                    StoppedAt = o.StoppedAt,
                };
            }

            return;
        }

        // TaskStartMerger.Merge, field by field: the winner's value, else the other's.
        bool duplicate = row.Version != TaskObservation.Missing && o.Version == row.Version;
        if (duplicate)
        {
            DuplicateDeliveries++;
        }

        bool incomingWins = !duplicate && Rank(o.Version) >= Rank(row.Version);
        if (incomingWins)
        {
            row.Version = o.Version;
        }

        Fill(ref row.TaskDefinitionArn, o.TaskDefinitionArn, incomingWins);
        Fill(ref row.Group, o.Group, incomingWins);
        Fill(ref row.LastStatus, o.LastStatus, incomingWins);
        Fill(ref row.CreatedAt, o.CreatedAt, incomingWins);
        Fill(ref row.PullStartedAt, o.PullStartedAt, incomingWins);
        Fill(ref row.PullStoppedAt, o.PullStoppedAt, incomingWins);
        Fill(ref row.StartedAt, o.StartedAt, incomingWins);
        if (KeepsEveryField)
        {
            ref TaskExtras extras = ref Extras(index);
            Fill(ref extras.ClusterArn, o.ClusterArn, incomingWins);
            Fill(ref extras.DesiredStatus, o.DesiredStatus, incomingWins);
            Fill(ref extras.LaunchType, o.LaunchType, incomingWins);
            Fill(ref extras.StopCode, o.StopCode, incomingWins);
            Fill(ref extras.StoppedReason, o.StoppedReason, incomingWins);
            Fill(ref extras.StoppingAt, o.StoppingAt, incomingWins);
            Fill(ref extras.StoppedAt, o.StoppedAt, incomingWins);
            bool incomingHasContainers = o.Containers is { Length: > 0 };
            bool knownHasContainers = extras.Containers is { Length: > 0 };
            if (incomingWins ? incomingHasContainers : !knownHasContainers)
            {
                extras.Containers = o.Containers;
            }
        }
    }

    /// <summary>Every task as a sample, in the order each was first seen.</summary>
    public IEnumerable<TaskStartSample> Samples()
    {
        for (int i = 0; i < TaskCount; i++)
        {
            yield return Sample(i);
        }
    }

    internal TaskStartSample Sample(int index)
    {
        TaskRow row = Row(index);
        TaskExtras extras = KeepsEveryField ? Extras(index) : new TaskExtras { StoppingAt = TaskObservation.Missing, StoppedAt = TaskObservation.Missing };
        return new TaskStartSample
        {
            TaskArn = ArnOf(index),
            ClusterArn = extras.ClusterArn,
            TaskDefinitionArn = row.TaskDefinitionArn,
            Group = row.Group,
            LastStatus = row.LastStatus,
            DesiredStatus = extras.DesiredStatus,
            LaunchType = extras.LaunchType,
            Version = row.Version == TaskObservation.Missing ? null : row.Version,
            CreatedAt = TaskObservation.Time(row.CreatedAt),
            PullStartedAt = TaskObservation.Time(row.PullStartedAt),
            PullStoppedAt = TaskObservation.Time(row.PullStoppedAt),
            StartedAt = TaskObservation.Time(row.StartedAt),
            StoppingAt = TaskObservation.Time(extras.StoppingAt),
            StoppedAt = TaskObservation.Time(extras.StoppedAt),
            StopCode = extras.StopCode,
            StoppedReason = extras.StoppedReason,
            Containers = extras.Containers ?? [],
        };
    }

    internal ref TaskRow Row(int index) => ref _rows[index >> ChunkBits][index & (ChunkSize - 1)];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal TaskKey KeyOf(int index)
    {
        ref TaskRow row = ref Row(index);
        return new TaskKey(_prefixes[row.PrefixId], row.HexId, row.TextId < 0 ? null : _textIds[row.TextId]);
    }

    internal string ArnOf(int index) => KeyOf(index).ToArn();

    private ref TaskExtras Extras(int index) => ref _extras[index >> ChunkBits][index & (ChunkSize - 1)];

    private static long Rank(long version) => version == TaskObservation.Missing ? -1 : version;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Fill(ref string? known, string? incoming, bool incomingWins)
    {
        if (incomingWins ? incoming is not null : known is null)
        {
            known = incoming;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Fill(ref long known, long incoming, bool incomingWins)
    {
        if (incomingWins ? incoming != TaskObservation.Missing : known == TaskObservation.Missing)
        {
            known = incoming;
        }
    }

    private int PrefixId(string prefix)
    {
        // Events of one cluster share one prefix string per parsing thread: most lookups end here.
        if (ReferenceEquals(prefix, _lastPrefix))
        {
            return _lastPrefixId;
        }

        if (!_prefixIds.TryGetValue(prefix, out int id))
        {
            id = _prefixes.Count;
            _prefixIds.Add(prefix, id);
            _prefixes.Add(prefix);
        }

        (_lastPrefix, _lastPrefixId) = (prefix, id);
        return id;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int FindOrInsert(in TaskKey key, out bool inserted)
    {
        int prefixId = PrefixId(key.Prefix);
        if (key.IdText is not null)
        {
            if (_textKeys.TryGetValue((prefixId, key.IdText), out int found))
            {
                inserted = false;
                return found;
            }

            int textIndex = _textIds.Count;
            _textIds.Add(key.IdText);
            int added = Append(prefixId, default, textIndex);
            _textKeys.Add((prefixId, key.IdText), added);
            inserted = true;
            return added;
        }

        int mask = _slots.Length - 1;
        ulong mixed = ((ulong)key.HexId ^ (ulong)(key.HexId >> 64)) + ((ulong)(uint)prefixId * 0x9E3779B97F4A7C15UL);
        int slot = (int)((mixed ^ (mixed >> 29)) & (ulong)mask);
        while (_slots[slot] != 0)
        {
            int candidate = _slots[slot] - 1;
            ref TaskRow row = ref Row(candidate);
            if (row.TextId < 0 && row.HexId == key.HexId && row.PrefixId == prefixId)
            {
                inserted = false;
                return candidate;
            }

            slot = (slot + 1) & mask;
        }

        int index = Append(prefixId, key.HexId, -1);
        _slots[slot] = index + 1;
        if (TaskCount * 2 > _slots.Length)
        {
            Rehash();
        }

        inserted = true;
        return index;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Append(int prefixId, UInt128 hexId, int textId)
    {
        int index = TaskCount;
        if ((index >> ChunkBits) == _rows.Length)
        {
            Array.Resize(ref _rows, _rows.Length + 1);
            _rows[^1] = new TaskRow[ChunkSize];
            if (KeepsEveryField)
            {
                Array.Resize(ref _extras, _extras.Length + 1);
                _extras[^1] = new TaskExtras[ChunkSize];
            }
        }

        Row(index) = new TaskRow { PrefixId = prefixId, HexId = hexId, TextId = textId };
        TaskCount++;
        return index;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Rehash()
    {
        _slots = new int[_slots.Length * 2];
        int mask = _slots.Length - 1;
        for (int index = 0; index < TaskCount; index++)
        {
            ref TaskRow row = ref Row(index);
            if (row.TextId >= 0)
            {
                continue;
            }

            ulong mixed = ((ulong)row.HexId ^ (ulong)(row.HexId >> 64)) + ((ulong)(uint)row.PrefixId * 0x9E3779B97F4A7C15UL);
            int slot = (int)((mixed ^ (mixed >> 29)) & (ulong)mask);
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = index + 1;
        }
    }
}

/// <summary>What a report needs of a task.</summary>
internal struct TaskRow
{
    public UInt128 HexId;
    public int PrefixId;
    /// <summary>Index of the id's text when it is not 32 hex digits; -1 otherwise.</summary>
    public int TextId;
    public string? TaskDefinitionArn;
    public string? Group;
    public string? LastStatus;
    public long Version;
    public long CreatedAt;
    public long PullStartedAt;
    public long PullStoppedAt;
    public long StartedAt;
}

/// <summary>The rest of a task, kept only to save it.</summary>
internal struct TaskExtras
{
    public string? ClusterArn;
    public string? DesiredStatus;
    public string? LaunchType;
    public string? StopCode;
    public string? StoppedReason;
    public ContainerImage[]? Containers;
    public long StoppingAt;
    public long StoppedAt;
}
