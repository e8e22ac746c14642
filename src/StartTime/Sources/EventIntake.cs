using ChaosDashboard.StartTime.Events;

namespace ChaosDashboard.StartTime.Sources;

/// <summary>
/// The one door every input message goes through: parses it, keeps ECS Task State Change events
/// of the wanted cluster, and counts everything else in the <see cref="InputTally"/>.
/// </summary>
public sealed class EventIntake
{
    private readonly TaskStateChangeParser _parser = new();
    private readonly string? _clusterName;

    /// <param name="cluster">A cluster name or ARN to keep; null keeps every cluster.</param>
    /// <param name="tally">Where the counts go.</param>
    public EventIntake(string? cluster, InputTally tally)
    {
        _clusterName = string.IsNullOrWhiteSpace(cluster) ? null : EcsArns.ClusterName(cluster.Trim());
        Tally = tally;
    }

    public InputTally Tally { get; }

    /// <summary>True with the sample when the message is a task event of the wanted cluster.</summary>
    public bool TryAccept(ReadOnlySpan<byte> utf8Json, InputPosition position, out TaskStartSample sample)
    {
        sample = null!;
        switch (_parser.Parse(utf8Json, out TaskStartSample? parsed, out string? error))
        {
            case ParseOutcome.TaskStateChange when parsed is not null:
                if (_clusterName is not null && !EcsArns.IsInCluster(parsed, _clusterName))
                {
                    Tally.CountOtherCluster();
                    return false;
                }

                Tally.CountTaskEvent();
                sample = parsed;
                return true;
            case ParseOutcome.OtherKind:
                Tally.CountOtherKind();
                return false;
            default:
                Tally.CountMalformed(position, error ?? "unreadable");
                return false;
        }
    }
}
