using System.Globalization;
using System.Text;
using System.Text.Json;
using ChaosDashboard.StartTimeAnalysis.Events;
using ChaosDashboard.StartTimeAnalysis.Sandbox;

namespace ChaosDashboard.Bench;

/// <summary>
/// Writes a capture of ECS Task State Change events as EventBridge delivers them to a log group, one
/// per line, about 1.1 KB each (the envelope, an ENI attachment, the container, the usual detail
/// fields): each task's PROVISIONING, PENDING, ACTIVATING and RUNNING events (or PROVISIONING,
/// PENDING, DEPROVISIONING and STOPPED for the one in 25 that fails to pull), about 3% of events
/// delivered a second time a little later, 1% of tasks in another cluster, one event of another kind
/// per 100 tasks, and one truncated line per 100,000 lines. The same arguments give the same bytes.
/// </summary>
internal static class StartTimeCapture
{
    public const int EventsPerTask = 4;

    /// <summary>What was written, for the benchmark's report.</summary>
    public sealed record Written(long Lines, long Tasks, long Bytes);

    public static Written Write(string path, int taskEvents)
    {
        var random = new Random(42);
        long lines = 0, tasks = 0, nextMalformedAt = 100_000;
        string partial = path + ".partial";
        using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            var recent = new Queue<byte[]>();
            var buffer = new MemoryStream(2048);
            using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });

            void WriteLine(ReadOnlySpan<byte> line)
            {
                file.Write(line);
                file.WriteByte((byte)'\n');
                lines++;
            }

            var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
            foreach (TaskStartSample task in SandboxStartTimes.Enumerate(start, seed: 7).Take(taskEvents / EventsPerTask))
            {
                tasks++;
                bool otherCluster = random.Next(100) == 0;
                TaskStartSample final = otherCluster
                    ? task with
                    {
                        TaskArn = task.TaskArn.Replace("/sandbox/", "/elsewhere/", StringComparison.Ordinal),
                        ClusterArn = task.ClusterArn!.Replace("/sandbox", "/elsewhere", StringComparison.Ordinal),
                    }
                    : task;

                foreach (TaskStartSample state in Lifecycle(final))
                {
                    buffer.SetLength(0);
                    json.Reset();
                    WriteEvent(json, state, NewGuid(random));
                    json.Flush();
                    byte[] line = buffer.ToArray();
                    WriteLine(line);

                    // EventBridge delivers at least once: some events arrive again a little later.
                    if (random.Next(100) < 3)
                    {
                        recent.Enqueue(line);
                    }
                }

                while (recent.Count > 8 || (recent.Count > 0 && random.Next(4) == 0))
                {
                    WriteLine(recent.Dequeue());
                }

                if (random.Next(100) == 0)
                {
                    WriteLine(Encoding.UTF8.GetBytes(
                        $$$"""{"version":"0","id":"{{{NewGuid(random)}}}","detail-type":"ECS Container Instance State Change","source":"aws.ecs","account":"123456789012","time":"2025-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail":{"clusterArn":"{{{SandboxStartTimes.ClusterArn}}}","status":"ACTIVE","version":3}}"""));
                }

                if (lines >= nextMalformedAt)
                {
                    nextMalformedAt += 100_000;
                    WriteLine("""{"version":"0","detail-type":"ECS Task State Change","source":"aws.ecs","detail":{"taskArn":"trunc"""u8);
                }
            }

            while (recent.Count > 0)
            {
                WriteLine(recent.Dequeue());
            }
        }

        File.Move(partial, path, overwrite: true);
        return new Written(lines, tasks, new FileInfo(path).Length);
    }

    /// <summary>The four events of a Fargate task on its way to <paramref name="final"/>.</summary>
    private static IEnumerable<TaskStartSample> Lifecycle(TaskStartSample final)
    {
        TaskStartSample provisioning = final with
        {
            LastStatus = "PROVISIONING",
            DesiredStatus = "RUNNING",
            Version = 1,
            PullStartedAt = null,
            PullStoppedAt = null,
            StartedAt = null,
            StoppingAt = null,
            StoppedAt = null,
            StopCode = null,
            StoppedReason = null,
        };
        yield return provisioning;
        yield return provisioning with { LastStatus = "PENDING", Version = 2, PullStartedAt = final.PullStartedAt };
        if (final.StartedAt is null)
        {
            yield return final with { LastStatus = "DEPROVISIONING", Version = 3, StoppedAt = null };
            yield return final with { Version = 4 };
        }
        else
        {
            yield return provisioning with
            {
                LastStatus = "ACTIVATING",
                Version = 3,
                PullStartedAt = final.PullStartedAt,
                PullStoppedAt = final.PullStoppedAt,
            };
            yield return final with { Version = 4 };
        }
    }

    private static void WriteEvent(Utf8JsonWriter json, TaskStartSample state, Guid eventId)
    {
        DateTimeOffset time = state.StoppedAt ?? state.StartedAt ?? state.PullStoppedAt ?? state.PullStartedAt ?? state.CreatedAt!.Value;

        json.WriteStartObject();
        json.WriteString("version", "0");
        json.WriteString("id", eventId.ToString());
        json.WriteString("detail-type", "ECS Task State Change");
        json.WriteString("source", "aws.ecs");
        json.WriteString("account", SandboxStartTimes.Account);
        json.WriteString("time", time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        json.WriteString("region", SandboxStartTimes.Region);
        json.WriteStartArray("resources");
        json.WriteStringValue(state.TaskArn);
        json.WriteEndArray();

        json.WriteStartObject("detail");
        json.WriteStartArray("attachments");
        json.WriteStartObject();
        json.WriteString("id", "0b8e6d2a-6f83-4c1e-9d7a-1c2b3d4e5f60");
        json.WriteString("type", "eni");
        json.WriteString("status", state.LastStatus == "PROVISIONING" ? "PRECREATED" : "ATTACHED");
        json.WriteStartArray("details");
        NameValue(json, "subnetId", "subnet-0a1b2c3d4e5f67890");
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteString("clusterArn", state.ClusterArn);
        json.WriteStartArray("containers");
        foreach (ContainerImage container in state.Containers)
        {
            json.WriteStartObject();
            json.WriteString("lastStatus", state.LastStatus);
            json.WriteString("name", container.Name);
            json.WriteString("image", container.Image);
            if (state.PullStoppedAt is not null)
            {
                json.WriteString("imageDigest", container.ImageDigest);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("cpu", "1024");
        Timestamp(json, "createdAt", state.CreatedAt);
        json.WriteString("desiredStatus", state.DesiredStatus);
        json.WriteString("group", state.Group);
        json.WriteString("launchType", state.LaunchType);
        json.WriteString("lastStatus", state.LastStatus);
        json.WriteString("memory", "3072");
        Timestamp(json, "pullStartedAt", state.PullStartedAt);
        Timestamp(json, "pullStoppedAt", state.PullStoppedAt);
        Timestamp(json, "startedAt", state.StartedAt);
        if (state.StopCode is not null)
        {
            json.WriteString("stopCode", state.StopCode);
        }

        Timestamp(json, "stoppingAt", state.StoppingAt);
        Timestamp(json, "stoppedAt", state.StoppedAt);
        if (state.StoppedReason is not null)
        {
            json.WriteString("stoppedReason", state.StoppedReason);
        }

        json.WriteString("taskArn", state.TaskArn);
        json.WriteString("taskDefinitionArn", state.TaskDefinitionArn);
        json.WriteNumber("version", state.Version!.Value);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static Guid NewGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static void Timestamp(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is DateTimeOffset instant)
        {
            json.WriteString(name, TaskStateChangeEventWriter.FormatTimestamp(instant));
        }
    }

    private static void NameValue(Utf8JsonWriter json, string name, string value)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("value", value);
        json.WriteEndObject();
    }
}
