using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimeAnalysis.Sources;

/// <summary>
/// The one door every input message goes through: parses it, keeps ECS Task State Change events
/// of the wanted cluster, and counts everything else in the <see cref="InputTally"/>. Readers that
/// parse on several threads take a <see cref="MessageParser"/> per thread from here.
/// </summary>
public sealed class EventIntake
{
    private readonly MessageParser _parser;
    private readonly ParsedBlock _one = new();

    /// <param name="cluster">A cluster name or ARN to keep; null keeps every cluster.</param>
    /// <param name="tally">Where the counts go.</param>
    public EventIntake(string? cluster, InputTally tally)
    {
        ClusterName = string.IsNullOrWhiteSpace(cluster) ? null : EcsArns.ClusterName(cluster.Trim());
        Tally = tally;
        _parser = NewParser(everyField: true);
    }

    public InputTally Tally { get; }

    /// <summary>The cluster kept, by name; null for every cluster.</summary>
    internal string? ClusterName { get; }

    /// <summary>A parser for one thread, applying this intake's cluster filter.</summary>
    internal MessageParser NewParser(bool everyField) => new(ClusterName, everyField);

    /// <summary>True with the sample when the message is a task event of the wanted cluster.</summary>
    public bool TryAccept(ReadOnlySpan<byte> utf8Json, InputPosition position, out TaskStartSample sample)
    {
        _one.Clear();
        _parser.Accept(utf8Json, position, _one);
        _one.CountInto(Tally);
        sample = _one.Count == 1 ? _one.Observations[0].ToSample() : null!;
        return _one.Count == 1;
    }

    /// <summary>The same, as an observation appended to <paramref name="into"/> (counted when the block is).</summary>
    internal void Accept(ReadOnlySpan<byte> utf8Json, InputPosition position, ParsedBlock into) =>
        _parser.Accept(utf8Json, position, into);
}
