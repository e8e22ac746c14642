namespace ChaosDashboard.StartTimeAnalysis.Sources;

/// <summary>Where one input message came from, for messages about bad input.</summary>
public readonly record struct InputPosition(string Source, string Unit, long Number)
{
    public override string ToString() => $"{Source} {Unit} {Number}";
}

/// <summary>A message that could not be used, and why.</summary>
public sealed record MalformedInput(InputPosition Position, string Reason)
{
    public override string ToString() => $"{Position}: {Reason}";
}

/// <summary>One input read, and what kind it was found to be.</summary>
public sealed record InputSource(string Name, string Kind);

/// <summary>
/// Counts what the inputs held, so a report can say what it left out and why.
/// Bad input is never fatal: it is counted here and the first few are kept with their positions.
/// </summary>
public sealed class InputTally
{
    /// <summary>How many malformed messages are kept with their position and reason.</summary>
    public const int MalformedExamplesKept = 5;

    private readonly List<MalformedInput> _malformedExamples = [];
    private readonly List<InputSource> _sources = [];

    /// <summary>Messages read (lines, log events), blank lines excluded.</summary>
    public long Messages { get; private set; }

    /// <summary>ECS Task State Change events of the wanted cluster.</summary>
    public long TaskEvents { get; private set; }

    /// <summary>Valid JSON of another kind (other detail-type or source).</summary>
    public long OtherKinds { get; private set; }

    /// <summary>Task events of a cluster other than the one asked for.</summary>
    public long OtherClusters { get; private set; }

    public long Malformed { get; private set; }

    public IReadOnlyList<MalformedInput> MalformedExamples => _malformedExamples;

    public IReadOnlyList<InputSource> Sources => _sources;

    internal void CountTaskEvent() { Messages++; TaskEvents++; }

    internal void CountOtherKind() { Messages++; OtherKinds++; }

    internal void CountOtherCluster() { Messages++; OtherClusters++; }

    internal void CountMalformed(InputPosition position, string reason)
    {
        Messages++;
        Malformed++;
        if (_malformedExamples.Count < MalformedExamplesKept)
        {
            _malformedExamples.Add(new MalformedInput(position, reason));
        }
    }

    internal void CountTaskEvents(long count) { Messages += count; TaskEvents += count; }

    internal void CountOtherKinds(long count) { Messages += count; OtherKinds += count; }

    internal void CountOtherClusters(long count) { Messages += count; OtherClusters += count; }

    internal void CountMalformedWithoutExample(long count) { Messages += count; Malformed += count; }

    internal void AddSource(string name, string kind) => _sources.Add(new InputSource(name, kind));
}
