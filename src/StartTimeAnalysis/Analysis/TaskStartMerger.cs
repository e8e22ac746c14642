using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimeAnalysis.Analysis;

/// <summary>
/// Folds any number of observations of the same task into one sample, so every task counts once
/// however many events it produced or however often EventBridge delivered them.
/// </summary>
/// <remarks>
/// Rules (the same for the in-memory merge and the SQLite store):
/// <list type="bullet">
/// <item>The observation with the highest <c>version</c> wins: its status fields describe the task.
/// One without a version counts as older than any versioned one; between two without, the later arrival wins
/// (DescribeTasks polls arrive in time order).</item>
/// <item>Any field the winner lacks is filled from the other observation. ECS never changes a timestamp
/// once set, so a <c>pullStartedAt</c> that only the PENDING event carried is kept, whichever event won.</item>
/// <item>Two observations with the same task ARN and the same version are one event delivered twice:
/// counted as a duplicate delivery and merged as above (they should be identical).</item>
/// </list>
/// </remarks>
public sealed class TaskStartMerger
{
    private readonly Dictionary<string, TaskStartSample> _tasks = new(StringComparer.Ordinal);

    /// <summary>Observations added.</summary>
    public long Observations { get; private set; }

    /// <summary>Observations that repeated a (task ARN, version) already seen.</summary>
    public long DuplicateDeliveries { get; private set; }

    /// <summary>Distinct tasks.</summary>
    public int TaskCount => _tasks.Count;

    /// <summary>One merged sample per task, in no particular order.</summary>
    public IReadOnlyCollection<TaskStartSample> Tasks => _tasks.Values;

    public void Add(TaskStartSample observation)
    {
        Observations++;
        if (_tasks.TryGetValue(observation.TaskArn, out TaskStartSample? known))
        {
            _tasks[observation.TaskArn] = Merge(known, observation, out bool duplicate);
            if (duplicate)
            {
                DuplicateDeliveries++;
            }
        }
        else
        {
            _tasks.Add(observation.TaskArn, observation);
        }
    }

    /// <summary>Merges two observations of the same task by the rules above.</summary>
    public static TaskStartSample Merge(TaskStartSample known, TaskStartSample incoming, out bool duplicateDelivery)
    {
        duplicateDelivery = known.Version is long knownVersion && incoming.Version == knownVersion;
        bool incomingWins = duplicateDelivery
            ? false
            : (incoming.Version ?? -1) >= (known.Version ?? -1);
        TaskStartSample winner = incomingWins ? incoming : known;
        TaskStartSample other = incomingWins ? known : incoming;

        if (!HasGaps(winner, other))
        {
            return winner;
        }

        return winner with
        {
            ClusterArn = winner.ClusterArn ?? other.ClusterArn,
            TaskDefinitionArn = winner.TaskDefinitionArn ?? other.TaskDefinitionArn,
            Group = winner.Group ?? other.Group,
            LastStatus = winner.LastStatus ?? other.LastStatus,
            DesiredStatus = winner.DesiredStatus ?? other.DesiredStatus,
            LaunchType = winner.LaunchType ?? other.LaunchType,
            CreatedAt = winner.CreatedAt ?? other.CreatedAt,
            PullStartedAt = winner.PullStartedAt ?? other.PullStartedAt,
            PullStoppedAt = winner.PullStoppedAt ?? other.PullStoppedAt,
            StartedAt = winner.StartedAt ?? other.StartedAt,
            StoppingAt = winner.StoppingAt ?? other.StoppingAt,
            StoppedAt = winner.StoppedAt ?? other.StoppedAt,
            StopCode = winner.StopCode ?? other.StopCode,
            StoppedReason = winner.StoppedReason ?? other.StoppedReason,
            Containers = winner.Containers.Count > 0 ? winner.Containers : other.Containers,
        };
    }

    /// <summary>True when the other observation can fill something the winner lacks (saves a copy otherwise).</summary>
    private static bool HasGaps(TaskStartSample winner, TaskStartSample other) =>
        (winner.ClusterArn is null && other.ClusterArn is not null)
        || (winner.TaskDefinitionArn is null && other.TaskDefinitionArn is not null)
        || (winner.Group is null && other.Group is not null)
        || (winner.LastStatus is null && other.LastStatus is not null)
        || (winner.DesiredStatus is null && other.DesiredStatus is not null)
        || (winner.LaunchType is null && other.LaunchType is not null)
        || (winner.CreatedAt is null && other.CreatedAt is not null)
        || (winner.PullStartedAt is null && other.PullStartedAt is not null)
        || (winner.PullStoppedAt is null && other.PullStoppedAt is not null)
        || (winner.StartedAt is null && other.StartedAt is not null)
        || (winner.StoppingAt is null && other.StoppingAt is not null)
        || (winner.StoppedAt is null && other.StoppedAt is not null)
        || (winner.StopCode is null && other.StopCode is not null)
        || (winner.StoppedReason is null && other.StoppedReason is not null)
        || (winner.Containers.Count == 0 && other.Containers.Count > 0);
}
