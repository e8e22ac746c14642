namespace ChaosDashboard.AwsMode;

/// <summary>The workshop's resources in one account and region, as configured or discovered.</summary>
public sealed record WorkshopResources
{
    public string Account { get; init; } = "";
    public string CallerArn { get; init; } = "";
    public string Region { get; init; } = "";
    public string? Cluster { get; init; }
    public string? BaselineFamily { get; init; }
    public string? ImprovedFamily { get; init; }

    /// <summary>Where tasks are launched, and how that was found.</summary>
    public LaunchNetwork Network { get; init; } = new();

    public IReadOnlyList<string> Subnets => Network.Subnets;
    public IReadOnlyList<string> SecurityGroups => Network.SecurityGroups;
    public string? Table { get; init; }
    public string? LogGroup { get; init; }
    public string? ExperimentTemplateId { get; init; }
    public string? EventsLogGroup { get; init; }

    /// <summary>What could not be found, each with the setting that fixes it.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>The family of a task definition given as family, family:revision or ARN (RunTask takes all three).</summary>
    public static string FamilyName(string taskDefinition) => AwsViews.TaskDefinitionOf(taskDefinition).Family ?? taskDefinition;

    public bool CanLaunch => Cluster is not null && BaselineFamily is not null && ImprovedFamily is not null && Subnets.Count > 0;
}
