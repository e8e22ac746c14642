using ChaosDashboard.Configuration;

namespace ChaosDashboard.AwsMode;

/// <summary>
/// The "Aws" section of appsettings.json. Every resource left empty is discovered the way a workshop
/// participant finds it in the consoles (see <see cref="WorkshopDiscovery"/>).
/// </summary>
public sealed class AwsModeOptions : ISettingsSection
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
    public IReadOnlyList<string> Warnings { get; set; } = [];

    public const string Section = "Aws";

    /// <summary>
    /// The numbers of the section and the ranges in which they work: out of range, they keep their
    /// default with a warning instead of stopping the dashboard or polling AWS in a tight loop.
    /// </summary>
    public static readonly NumberSetting[] Numbers =
    [
        new(nameof(FastPollSeconds), 0.2, 60), new(nameof(SlowPollSeconds), 1, 600),
        new(nameof(AttemptTimeoutSeconds), 0, 300), new(nameof(BatchSize), 1, 1000),
    ];

    /// <summary>Reads the "Aws" section for a command that runs without the web host (preflight, report).</summary>
    public static AwsModeOptions Read(IConfiguration configuration) => SettingReader.Read<AwsModeOptions>(configuration, Section, Numbers);

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
