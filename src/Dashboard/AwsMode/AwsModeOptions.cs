namespace ChaosDashboard.AwsMode;

/// <summary>
/// The "Aws" section of appsettings.json. Every resource left empty is discovered the way a workshop
/// participant finds it in the consoles (see <see cref="WorkshopDiscovery"/>).
/// </summary>
public sealed class AwsModeOptions
{
    public string? Region { get; set; }
    public string? Profile { get; set; }

    /// <summary>One base URL for ECS, FIS, CloudWatch Logs, STS and DynamoDB: a fake AWS on loopback for tests.</summary>
    public string? EndpointUrl { get; set; }

    /// <summary>A separate base URL for DynamoDB (e.g. dynalite), when it is not behind <see cref="EndpointUrl"/>.</summary>
    public string? DynamoDbEndpointUrl { get; set; }

    public string? Cluster { get; set; }
    public string? BaselineTaskDefinition { get; set; }
    public string? ImprovedTaskDefinition { get; set; }
    public string[] Subnets { get; set; } = [];
    public string[] SecurityGroups { get; set; } = [];
    public bool AssignPublicIp { get; set; }
    public string? Table { get; set; }
    public string? LogGroup { get; set; }
    public string? ExperimentTemplate { get; set; }
    public string? EventsLogGroup { get; set; }

    /// <summary>awslogs stream prefix and container name: streams are "prefix/container/taskId".</summary>
    public string LogStreamPrefix { get; set; } = "BatchJobEcs";
    public string ContainerName { get; set; } = "BatchJob";

    public int BatchSize { get; set; } = 10;

    /// <summary>Poll period while a task runs or an experiment is active, and while nothing happens.</summary>
    public double FastPollSeconds { get; set; } = 2;
    public double SlowPollSeconds { get; set; } = 15;

    /// <summary>How long one attempt of an AWS call may take before it is tried again; 0 or less keeps the clients' default.</summary>
    public double AttemptTimeoutSeconds { get; set; }

    /// <summary>Settings that were not usable and were replaced by their defaults, for the page.</summary>
    public IReadOnlyList<string> Warnings { get; private set; } = [];

    /// <summary>
    /// Reads the "Aws" section. A number that does not parse or is out of range keeps its default and
    /// yields a warning for the page, instead of stopping the dashboard or polling AWS in a tight loop.
    /// </summary>
    public static AwsModeOptions Read(IConfigurationSection section)
    {
        (string Key, double Min, double Max)[] numbers =
        [
            (nameof(FastPollSeconds), 0.2, 60), (nameof(SlowPollSeconds), 1, 600),
            (nameof(AttemptTimeoutSeconds), 0, 300), (nameof(BatchSize), 1, 1000),
        ];
        var rest = section.AsEnumerable(makePathsRelative: true)
            .Where(kv => kv.Value is not null && !numbers.Any(n => string.Equals(n.Key, kv.Key, StringComparison.OrdinalIgnoreCase)));
        var options = new AwsModeOptions();
        new ConfigurationBuilder().AddInMemoryCollection(rest).Build().Bind(options);

        var warnings = new List<string>();
        foreach (var (key, min, max) in numbers)
        {
            var text = section[key];
            if (string.IsNullOrWhiteSpace(text)) continue;
            if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
                && value >= min && value <= max)
            {
                switch (key)
                {
                    case nameof(FastPollSeconds): options.FastPollSeconds = value; break;
                    case nameof(SlowPollSeconds): options.SlowPollSeconds = value; break;
                    case nameof(AttemptTimeoutSeconds): options.AttemptTimeoutSeconds = value; break;
                    case nameof(BatchSize): options.BatchSize = (int)value; break;
                }
            }
            else warnings.Add($"Setting Aws:{key} = \"{text}\" is not a number from {min} to {max}; using the default.");
        }
        options.Warnings = warnings;
        return options;
    }

    /// <summary>ECS's startedBy on the tasks this dashboard launches.</summary>
    public const string StartedBy = "chaos-dashboard";

    public const string TargetTagKey = "fisTarget";
    public const string TargetTagValue = "true";
    public const string TemplateNameTag = "FisWorkshopECSTask";
    public const string ClusterNamePart = "FisStackECS";
    public const string FamilyPrefix = "FisStopTask";
    public const string TablePrefix = "FisStopTaskStack-DynamoTable";
    public const string LogGroupPrefix = "FisStopTask";

    /// <summary>The workshop's VPC is the one whose Name tag ends in this.</summary>
    public const string VpcNameSuffix = "FisVpc";

    /// <summary>The security group infra/workshop.yaml makes for the tasks: its Name tag and its logical id in the template.</summary>
    public const string TaskSecurityGroupName = "FisStopTaskSecurityGroup";
    public const string TaskSecurityGroupLogicalId = "TaskSecurityGroup";
}
