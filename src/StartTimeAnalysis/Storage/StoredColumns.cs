using System.Globalization;
using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimeAnalysis.Storage;

/// <summary>
/// The columns the store derives from a sample, as spans of its strings: the same text as
/// <see cref="EcsArns"/> and <see cref="TaskDefinitionName.From"/> give, without a string per task.
/// </summary>
internal static class StoredColumns
{
    /// <summary>As <see cref="EcsArns.TaskId"/>.</summary>
    public static ReadOnlySpan<char> TaskId(string taskArn)
    {
        int slash = taskArn.LastIndexOf('/');
        return slash < 0 ? taskArn : taskArn.AsSpan(slash + 1);
    }

    /// <summary>As <see cref="TaskDefinitionName.From"/>.</summary>
    public static void TaskDefinitionParts(string? taskDefinitionArn, string? group, out ReadOnlySpan<char> family, out int? revision)
    {
        revision = null;
        if (!string.IsNullOrEmpty(taskDefinitionArn))
        {
            const string marker = ":task-definition/";
            int at = taskDefinitionArn.IndexOf(marker, StringComparison.Ordinal);
            ReadOnlySpan<char> familyAndRevision = at < 0 ? taskDefinitionArn : taskDefinitionArn.AsSpan(at + marker.Length);
            int colon = familyAndRevision.LastIndexOf(':');
            if (colon > 0
                && int.TryParse(familyAndRevision[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int number))
            {
                family = familyAndRevision[..colon];
                revision = number;
                return;
            }

            if (familyAndRevision.Length > 0)
            {
                family = familyAndRevision;
                return;
            }
        }

        const string familyPrefix = "family:";
        if (group is not null && group.StartsWith(familyPrefix, StringComparison.Ordinal) && group.Length > familyPrefix.Length)
        {
            family = group.AsSpan(familyPrefix.Length);
            return;
        }

        family = TaskDefinitionName.UnknownFamily;
    }

    /// <summary>Whether every time of the sample is already as the store gives it back (UTC, whole milliseconds).</summary>
    public static bool IsToTheMillisecond(TaskStartSample sample) =>
        IsToTheMillisecond(sample.CreatedAt) && IsToTheMillisecond(sample.PullStartedAt) && IsToTheMillisecond(sample.PullStoppedAt)
        && IsToTheMillisecond(sample.StartedAt) && IsToTheMillisecond(sample.StoppingAt) && IsToTheMillisecond(sample.StoppedAt);

    private static bool IsToTheMillisecond(DateTimeOffset? value) =>
        value is not DateTimeOffset instant
        || (instant.Offset == TimeSpan.Zero && instant.UtcTicks % TimeSpan.TicksPerMillisecond == 0);
}
