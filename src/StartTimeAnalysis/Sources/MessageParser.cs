using System.Runtime.CompilerServices;
using System.Text.Unicode;
using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimeAnalysis.Sources;

/// <summary>
/// What a run of messages (a block of lines, a page of log events) held: the task events of the wanted
/// cluster as observations, in order, and the counts of the rest with the first few malformed ones.
/// Filled on any thread; applied to the <see cref="InputTally"/> and the task table in input order.
/// </summary>
internal sealed class ParsedBlock
{
    public TaskObservation[] Observations = new TaskObservation[1024];
    public int Count;
    public long OtherKinds;
    public long OtherClusters;
    public long Malformed;
    public readonly List<MalformedInput> MalformedExamples = [];

    public void Clear()
    {
        Array.Clear(Observations, 0, Count);
        Count = 0;
        OtherKinds = OtherClusters = Malformed = 0;
        MalformedExamples.Clear();
    }

    public void Add(in TaskObservation observation)
    {
        Next() = observation;
        Count++;
    }

    /// <summary>The slot after the last observation, to read the next one into; <see cref="Count"/> grows only when it is kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ref TaskObservation Next()
    {
        if (Count == Observations.Length)
        {
            Array.Resize(ref Observations, Count * 2);
        }

        return ref Observations[Count];
    }

    public void AddMalformed(InputPosition position, string reason)
    {
        Malformed++;
        if (MalformedExamples.Count < InputTally.MalformedExamplesKept)
        {
            MalformedExamples.Add(new MalformedInput(position, reason));
        }
    }

    /// <summary>Adds the counts to the tally (in input order, so its first malformed examples are the file's first).</summary>
    public void CountInto(InputTally tally)
    {
        tally.CountTaskEvents(Count);
        tally.CountOtherKinds(OtherKinds);
        tally.CountOtherClusters(OtherClusters);
        foreach (MalformedInput example in MalformedExamples)
        {
            tally.CountMalformed(example.Position, example.Reason);
        }

        tally.CountMalformedWithoutExample(Malformed - MalformedExamples.Count);
    }
}

/// <summary>
/// Turns one message into an observation: invalid UTF-8 is malformed; then the fast scanner, and the
/// full parser for whatever the scanner leaves to it; then the cluster filter. Not thread-safe: one
/// per thread, each with its own string pool.
/// </summary>
internal sealed class MessageParser
{
    private readonly StringPool _strings = new();
    private readonly TaskEventScanner _scanner;
    private readonly TaskStateChangeParser _parser = new();
    private readonly string? _clusterName;

    public MessageParser(string? clusterName, bool everyField)
    {
        _clusterName = clusterName;
        _scanner = new TaskEventScanner(_strings, everyField);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Accept(ReadOnlySpan<byte> message, InputPosition position, ParsedBlock into)
    {
        if (!Utf8.IsValid(message))
        {
            into.AddMalformed(position, DescribeInvalidUtf8(message));
            return;
        }

        AcceptValidUtf8(message, position, into);
    }

    /// <summary>The same, for a message already known to be valid UTF-8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AcceptValidUtf8(ReadOnlySpan<byte> message, InputPosition position, ParsedBlock into)
    {
        ref TaskObservation observation = ref into.Next();
        switch (_scanner.ScanInto(message, ref observation))
        {
            case ScanOutcome.OtherKind:
                into.OtherKinds++;
                return;
            case ScanOutcome.NeedsParser:
                switch (_parser.Parse(message, out TaskStartSample? sample, out string? error))
                {
                    case ParseOutcome.TaskStateChange when sample is not null:
                        if (_clusterName is not null && !EcsArns.IsInCluster(sample, _clusterName))
                        {
                            into.OtherClusters++;
                            return;
                        }

                        into.Add(TaskObservation.From(sample, _strings.Get));
                        return;
                    case ParseOutcome.OtherKind:
                        into.OtherKinds++;
                        return;
                    default:
                        into.AddMalformed(position, error ?? "unreadable");
                        return;
                }
        }

        if (_clusterName is not null && !IsInCluster(observation, _clusterName))
        {
            into.OtherClusters++;
            return;
        }

        into.Count++;
    }

    /// <summary>The same answer as <see cref="EcsArns.IsInCluster"/> on the sample.</summary>
    private static bool IsInCluster(in TaskObservation observation, string clusterName)
    {
        ReadOnlySpan<char> name;
        if (observation.ClusterArn is { Length: > 0 } clusterArn)
        {
            const string marker = ":cluster/";
            int at = clusterArn.IndexOf(marker, StringComparison.Ordinal);
            name = at < 0 ? clusterArn : clusterArn.AsSpan(at + marker.Length);
        }
        else
        {
            // The cluster sits between ":task/" and the next '/', inside the ARN's shared prefix.
            ReadOnlySpan<char> prefix = observation.Key.Prefix;
            int task = prefix.IndexOf(":task/", StringComparison.Ordinal);
            if (task < 0)
            {
                return false;
            }

            ReadOnlySpan<char> path = prefix[(task + ":task/".Length)..];
            int slash = path.IndexOf('/');
            if (slash <= 0)
            {
                return false;
            }

            name = path[..slash];
        }

        return name.SequenceEqual(clusterName);
    }

    private static string DescribeInvalidUtf8(ReadOnlySpan<byte> message)
    {
        // The first byte that does not start or continue a valid UTF-8 sequence.
        int at = 0;
        while (at < message.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(message[at..], out _, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                break;
            }

            at += consumed;
        }

        return $"not valid UTF-8 text (byte {at + 1}); a file of events is UTF-8";
    }
}
