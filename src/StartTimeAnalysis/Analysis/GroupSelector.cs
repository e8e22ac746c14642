using System.Globalization;
using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimeAnalysis.Analysis;

/// <summary>
/// Names a set of tasks to compare: <c>family:3</c> (one revision), <c>family:unknown</c> (tasks whose
/// revision was not given), or <c>family</c> alone (every revision of the family).
/// </summary>
public sealed record GroupSelector(string Family, GroupSelector.RevisionChoice Revisions, int? Revision)
{
    public enum RevisionChoice
    {
        Exact,
        Unknown,
        Any,
    }

    public bool Matches(TaskStartRow row) => Matches(row.TaskDefinition);

    public bool Matches(TaskDefinitionName definition) =>
        string.Equals(definition.Family, Family, StringComparison.Ordinal) && Revisions switch
        {
            RevisionChoice.Exact => definition.Revision == Revision,
            RevisionChoice.Unknown => definition.Revision is null,
            _ => true,
        };

    public override string ToString() => Revisions switch
    {
        RevisionChoice.Exact => $"{Family}:{Revision!.Value.ToString(CultureInfo.InvariantCulture)}",
        RevisionChoice.Unknown => $"{Family}:{TaskDefinitionName.UnknownRevisionText}",
        _ => Family,
    };

    public static bool TryParse(string? text, out GroupSelector selector, out string error)
    {
        selector = null!;
        error = "";
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            error = "a group is written family:revision (e.g. socidemo-app:3) or family alone";
            return false;
        }

        int colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            selector = new GroupSelector(text, RevisionChoice.Any, null);
            return true;
        }

        string family = text[..colon];
        string revision = text[(colon + 1)..];
        if (family.Length == 0)
        {
            error = $"'{text}' has no family before ':'";
            return false;
        }

        if (string.Equals(revision, TaskDefinitionName.UnknownRevisionText, StringComparison.OrdinalIgnoreCase))
        {
            selector = new GroupSelector(family, RevisionChoice.Unknown, null);
            return true;
        }

        if (int.TryParse(revision, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
        {
            selector = new GroupSelector(family, RevisionChoice.Exact, number);
            return true;
        }

        error = $"'{text}': the revision after ':' must be a number or '{TaskDefinitionName.UnknownRevisionText}'";
        return false;
    }
}
