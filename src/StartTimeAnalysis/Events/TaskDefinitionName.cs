using System.Globalization;

namespace ChaosDashboard.StartTimeAnalysis.Events;

/// <summary>
/// A task definition family and revision. <see cref="Revision"/> is null when the source did not say
/// (an ARN without <c>:&lt;revision&gt;</c>, or only a <c>family:</c> group): shown as unknown, never as 0.
/// </summary>
public readonly record struct TaskDefinitionName(string Family, int? Revision)
{
    /// <summary>The family used when neither the task definition ARN nor the group names one.</summary>
    public const string UnknownFamily = "(unknown)";

    /// <summary>Text for a missing revision in reports and group names.</summary>
    public const string UnknownRevisionText = "unknown";

    public override string ToString() =>
        $"{Family}:{(Revision is int revision ? revision.ToString(CultureInfo.InvariantCulture) : UnknownRevisionText)}";

    /// <summary>
    /// Reads <c>…:task-definition/&lt;family&gt;:&lt;revision&gt;</c> (or a bare <c>family:revision</c>);
    /// without a task definition, a <c>family:&lt;name&gt;</c> group gives the family alone.
    /// </summary>
    public static TaskDefinitionName From(string? taskDefinitionArn, string? group)
    {
        if (!string.IsNullOrEmpty(taskDefinitionArn))
        {
            const string marker = ":task-definition/";
            int at = taskDefinitionArn.IndexOf(marker, StringComparison.Ordinal);
            string familyAndRevision = at < 0 ? taskDefinitionArn : taskDefinitionArn[(at + marker.Length)..];

            // Family names cannot contain ':', so the last ':' separates the revision when there is one.
            int colon = familyAndRevision.LastIndexOf(':');
            if (colon > 0
                && int.TryParse(familyAndRevision.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int revision))
            {
                return new TaskDefinitionName(familyAndRevision[..colon], revision);
            }

            if (familyAndRevision.Length > 0)
            {
                return new TaskDefinitionName(familyAndRevision, null);
            }
        }

        const string familyPrefix = "family:";
        if (group is not null && group.StartsWith(familyPrefix, StringComparison.Ordinal) && group.Length > familyPrefix.Length)
        {
            return new TaskDefinitionName(group[familyPrefix.Length..], null);
        }

        return new TaskDefinitionName(UnknownFamily, null);
    }
}
