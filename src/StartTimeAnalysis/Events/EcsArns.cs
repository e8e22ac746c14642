namespace ChaosDashboard.StartTimeAnalysis.Events;

/// <summary>Reads the parts of ECS ARNs that the analysis needs.</summary>
public static class EcsArns
{
    /// <summary>
    /// The task id: the text after the last '/' of <c>…:task/&lt;cluster&gt;/&lt;id&gt;</c> (long form)
    /// or <c>…:task/&lt;id&gt;</c> (the older short form). A value without '/' is returned as is.
    /// </summary>
    public static string TaskId(string taskArn)
    {
        int slash = taskArn.LastIndexOf('/');
        return slash < 0 ? taskArn : taskArn[(slash + 1)..];
    }

    /// <summary>The cluster name inside a long-form task ARN; null for the short form.</summary>
    public static string? ClusterNameFromTaskArn(string taskArn)
    {
        int task = taskArn.IndexOf(":task/", StringComparison.Ordinal);
        if (task < 0)
        {
            return null;
        }

        string path = taskArn[(task + ":task/".Length)..];
        int slash = path.IndexOf('/');
        return slash <= 0 ? null : path[..slash];
    }

    /// <summary>The name in <c>…:cluster/&lt;name&gt;</c>; a value that is not an ARN is taken as the name.</summary>
    public static string ClusterName(string clusterArnOrName)
    {
        const string marker = ":cluster/";
        int at = clusterArnOrName.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? clusterArnOrName : clusterArnOrName[(at + marker.Length)..];
    }

    /// <summary>
    /// Whether the task belongs to the named cluster; the same answer as comparing
    /// <see cref="ClusterNameOf"/>, without allocating (it runs once per event).
    /// </summary>
    public static bool IsInCluster(TaskStartSample sample, string clusterName) =>
        TryClusterName(sample, out ReadOnlySpan<char> name) && name.SequenceEqual(clusterName);

    /// <summary>The text of <see cref="ClusterNameOf"/> as a span of the sample's own strings; false where that is null.</summary>
    public static bool TryClusterName(TaskStartSample sample, out ReadOnlySpan<char> name)
    {
        if (sample.ClusterArn is { Length: > 0 } clusterArn)
        {
            const string marker = ":cluster/";
            int at = clusterArn.IndexOf(marker, StringComparison.Ordinal);
            name = at < 0 ? clusterArn : clusterArn.AsSpan(at + marker.Length);
            return true;
        }

        name = default;
        ReadOnlySpan<char> arn = sample.TaskArn;
        int task = arn.IndexOf(":task/", StringComparison.Ordinal);
        if (task < 0)
        {
            return false;
        }

        ReadOnlySpan<char> path = arn[(task + ":task/".Length)..];
        int slash = path.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        name = path[..slash];
        return true;
    }

    /// <summary>The task's cluster name: from its cluster ARN, or else from a long-form task ARN.</summary>
    public static string? ClusterNameOf(TaskStartSample sample) =>
        sample.ClusterArn is { Length: > 0 } clusterArn
            ? ClusterName(clusterArn)
            : ClusterNameFromTaskArn(sample.TaskArn);
}
