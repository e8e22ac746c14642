namespace ChaosDashboard.AwsMode;

/// <summary>
/// Where the tasks are launched (RunTask's awsvpcConfiguration) and how that was decided, so that
/// preflight and a refused launch can say it in words.
/// </summary>
public sealed record LaunchNetwork
{
    /// <summary>The VPC, e.g. "vpc-0abc (FisStack/FisVpc)"; null when the subnets were configured or taken from a task.</summary>
    public string? Vpc { get; init; }

    public IReadOnlyList<string> Subnets { get; init; } = [];

    /// <summary>Empty means RunTask names none and ECS uses the default security group of the subnets' VPC.</summary>
    public IReadOnlyList<string> SecurityGroups { get; init; } = [];

    /// <summary>Where the subnets come from, e.g. "private subnets of the VPC" or "Aws:Subnets".</summary>
    public string SubnetSource { get; init; } = "";

    /// <summary>Which security group this is, e.g. "the stack's TaskSecurityGroup" or "the VPC's default security group".</summary>
    public string SecurityGroupSource { get; init; } = "";

    /// <summary>Why no task can be launched, with what was found; null when one can.</summary>
    public string? Problem { get; init; }

    /// <summary>The setting or permission that fixes <see cref="Problem"/> or <see cref="Caution"/>.</summary>
    public string? Fix { get; init; }

    /// <summary>A launch works, but not into the network a participant would pick (EC2 could not be asked).</summary>
    public string? Caution { get; init; }

    /// <summary>One line for preflight: "VPC vpc-… (…) · subnets subnet-a, subnet-b (private subnets of the VPC) · security group sg-… (…)".</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Vpc is not null) parts.Add($"VPC {Vpc}");
        if (Subnets.Count > 0) parts.Add($"subnet{(Subnets.Count == 1 ? "" : "s")} {string.Join(", ", Subnets)} ({SubnetSource})");
        parts.Add(SecurityGroups.Count > 0
            ? $"security group{(SecurityGroups.Count == 1 ? "" : "s")} {string.Join(", ", SecurityGroups)} ({SecurityGroupSource})"
            : $"security group: {SecurityGroupSource}");
        return string.Join(" · ", parts);
    }

    /// <summary>The problem and its fix as one sentence, for the page's problems and a refused launch.</summary>
    public string? ProblemWithFix => Problem is null ? null : Fix is null ? Problem : $"{Problem} {Fix}";
}
