namespace ChaosDashboard.FakeAws;

/// <summary>
/// What the fake account holds and how fast its simulation runs. The defaults are the workshop's
/// resources with ECS's and FIS's real durations shrunk to fractions of a second.
/// </summary>
public sealed record FakeAwsOptions
{
    public string Account { get; init; } = "246813579024";
    public string Region { get; init; } = "us-east-1";

    /// <summary>The identity GetCallerIdentity answers with, and the user AccessDenied messages name.</summary>
    public string UserName { get; init; } = "workshop-participant";

    /// <summary>Cluster names ListClusters answers; empty to play an account without the workshop's stack.</summary>
    public IReadOnlyList<string> Clusters { get; init; } = ["FisStackECS-Cluster"];

    public string BaselineFamily { get; init; } = "FisStopTaskStackTaskDef";
    public string ImprovedFamily { get; init; } = "FisStopTaskImprovedTaskDef";

    /// <summary>The two private subnets of the workshop's VPC.</summary>
    public static readonly IReadOnlyList<string> DefaultSubnets = ["subnet-0abc", "subnet-0def"];

    /// <summary>
    /// The private subnets of the workshop's VPC. RunTask accepts these and every other subnet of
    /// <see cref="ResolvedNetwork"/>; any other subnet id is rejected as ECS rejects an unknown one.
    /// </summary>
    public IReadOnlyList<string> Subnets { get; init; } = DefaultSubnets;

    /// <summary>The VPCs, subnets and security groups EC2 answers with; null for <see cref="FakeNetwork.Workshop"/> around <see cref="Subnets"/>.</summary>
    public FakeNetwork? Network { get; init; }

    public FakeNetwork ResolvedNetwork => Network ?? FakeNetwork.Workshop(Subnets);

    /// <summary>At most this many VPCs, subnets or security groups per EC2 page, so readers must follow nextToken.</summary>
    public int Ec2PageSize { get; init; } = 2;

    /// <summary>Subnets that exist but have no free address: RunTask answers 200 with a RESOURCE:ENI failure.</summary>
    public IReadOnlyList<string> SubnetsWithoutFreeAddresses { get; init; } = ["subnet-0full"];

    public string LogGroup { get; init; } = "FisStopTaskLogs";
    public string LogStreamPrefix { get; init; } = "BatchJobEcs";
    public string ContainerName { get; init; } = "BatchJob";

    /// <summary>Whether the account has the workshop's experiment template (tagged Name=FisWorkshopECSTask).</summary>
    public bool HasExperimentTemplate { get; init; } = true;

    /// <summary>The DynamoDB table the simulated tasks write into, and where it is served (dynalite).</summary>
    public string TableName { get; init; } = "FisStopTaskStack-DynamoTable-test";
    public Uri? DynamoDbEndpoint { get; init; }

    public int BatchSize { get; init; } = 10;

    /// <summary>The processing loop's wait before each item (the workshop's 30 s).</summary>
    public TimeSpan ItemInterval { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>How long a task stays in each state of ECS's lifecycle other than RUNNING.</summary>
    public TimeSpan LifecycleStep { get; init; } = TimeSpan.FromSeconds(0.3);

    /// <summary>How long an experiment stays pending, initiating, and running before its action acts.</summary>
    public TimeSpan ExperimentStep { get; init; } = TimeSpan.FromSeconds(0.25);

    /// <summary>At most this many events per GetLogEvents and FilterLogEvents page, so readers must follow tokens.</summary>
    public int LogPageSize { get; init; } = 3;

    /// <summary>Operations the caller's IAM policy does not allow from the start (see <see cref="Faults.Deny"/>), e.g. "DescribeVpcs".</summary>
    public IReadOnlyList<string> Denied { get; init; } = [];

    /// <summary>How long a request with an injected hang waits before answering, unless the client gives up first.</summary>
    public TimeSpan HangDuration { get; init; } = TimeSpan.FromSeconds(60);
}
