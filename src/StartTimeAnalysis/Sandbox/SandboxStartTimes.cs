using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimeAnalysis.Sandbox;

/// <summary>
/// Plausible start times for two task definitions of the same image, so the start-time page has
/// something to show before any real task ran: <c>socidemo-app</c> (with a SOCI index, so the image pull
/// is short, 0.5–1.5 s) and <c>socidemo-app-noindex</c> (3–6 s). Provisioning takes 5–15 s and the
/// container start 0.3–1 s for both. The same seed always gives the same tasks.
/// </summary>
public static class SandboxStartTimes
{
    public const string IndexedFamily = "socidemo-app";
    public const int IndexedRevision = 3;
    public const string NotIndexedFamily = "socidemo-app-noindex";
    public const int NotIndexedRevision = 2;
    public const string Region = "us-east-1";
    public const string Account = "123456789012";
    public const string ClusterName = "sandbox";
    public const string ClusterArn = $"arn:aws:ecs:{Region}:{Account}:cluster/{ClusterName}";

    /// <summary>
    /// <paramref name="tasksPerFamily"/> tasks of each family, alternating, created about half a minute
    /// apart from <paramref name="firstCreatedAt"/> on. About one task in 25 fails to pull its image and
    /// never starts, as real ones sometimes do.
    /// </summary>
    public static IReadOnlyList<TaskStartSample> Generate(DateTimeOffset firstCreatedAt, int tasksPerFamily = 12, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tasksPerFamily);
        return Enumerate(firstCreatedAt, seed).Take(tasksPerFamily * 2).ToList();
    }

    /// <summary>An endless stream of sandbox tasks (for load tests); take as many as needed.</summary>
    public static IEnumerable<TaskStartSample> Enumerate(DateTimeOffset firstCreatedAt, int seed = 1)
    {
        var random = new Random(seed);
        long createdMs = firstCreatedAt.ToUnixTimeMilliseconds();
        for (long index = 0; ; index++)
        {
            bool indexed = index % 2 == 0;
            createdMs += random.Next(15_000, 45_000);
            long pullStartedMs = createdMs + random.Next(5_000, 15_001);
            long pullStoppedMs = pullStartedMs + (indexed ? random.Next(500, 1_501) : random.Next(3_000, 6_001));
            long startedMs = pullStoppedMs + random.Next(300, 1_001);
            bool failsToStart = random.Next(25) == 0;
            yield return Task(random, indexed, createdMs, pullStartedMs, pullStoppedMs, startedMs, failsToStart);
        }
    }

    private static TaskStartSample Task(
        Random random, bool indexed, long createdMs, long pullStartedMs, long pullStoppedMs, long startedMs, bool failsToStart)
    {
        string family = indexed ? IndexedFamily : NotIndexedFamily;
        int revision = indexed ? IndexedRevision : NotIndexedRevision;
        string taskId = RandomHex(random, 16);
        string imageDigest = "sha256:" + (indexed ? "5e1f0c3a9b7d" : "a24c91d0e8f3") + RandomHex(random, 26);
        DateTimeOffset At(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

        var sample = new TaskStartSample
        {
            TaskArn = $"arn:aws:ecs:{Region}:{Account}:task/{ClusterName}/{taskId}",
            ClusterArn = ClusterArn,
            TaskDefinitionArn = $"arn:aws:ecs:{Region}:{Account}:task-definition/{family}:{revision}",
            Group = "family:" + family,
            LastStatus = "RUNNING",
            DesiredStatus = "RUNNING",
            LaunchType = "FARGATE",
            Version = 3,
            CreatedAt = At(createdMs),
            PullStartedAt = At(pullStartedMs),
            PullStoppedAt = At(pullStoppedMs),
            StartedAt = At(startedMs),
            Containers = [new ContainerImage("app", $"{Account}.dkr.ecr.{Region}.amazonaws.com/socidemo:latest", imageDigest)],
        };

        if (!failsToStart)
        {
            return sample;
        }

        long stoppedMs = pullStartedMs + random.Next(20_000, 40_000);
        return sample with
        {
            LastStatus = "STOPPED",
            DesiredStatus = "STOPPED",
            Version = 4,
            PullStoppedAt = null,
            StartedAt = null,
            StoppingAt = At(stoppedMs - 1_000),
            StoppedAt = At(stoppedMs),
            StopCode = "TaskFailedToStart",
            StoppedReason = "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref",
        };
    }

    private static string RandomHex(Random random, int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        random.NextBytes(buffer);
        return Convert.ToHexStringLower(buffer);
    }
}
