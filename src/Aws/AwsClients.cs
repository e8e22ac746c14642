using Amazon;
using Amazon.DynamoDBv2;
using ChaosDashboard.Aws.DynamoDb;
using ChaosDashboard.Aws.Ec2;
using ChaosDashboard.Aws.Ecs;
using ChaosDashboard.Aws.Fis;
using ChaosDashboard.Aws.Identity;
using ChaosDashboard.Aws.Logs;
using ChaosDashboard.Aws.Signing;

namespace ChaosDashboard.Aws;

/// <summary>
/// Every client the dashboard uses, built from one <see cref="AwsSettings"/>: region and
/// credentials are resolved once and shared. Register one instance for the application's lifetime.
/// </summary>
public sealed class AwsClients : IDisposable
{
    /// <param name="settings">Region, profile, endpoints and retry settings.</param>
    /// <param name="transport">
    /// Innermost HTTP handler for ECS, FIS and CloudWatch Logs; null for real sockets. The SDK-based
    /// STS, DynamoDB and EC2 clients always use their own.
    /// </param>
    public AwsClients(AwsSettings settings, HttpMessageHandler? transport = null)
    {
        Region = AwsCredentialResolver.ResolveRegion(settings);
        Settings = settings with
        {
            Region = Region.SystemName,
            Credentials = AwsCredentialResolver.ResolveCredentials(settings),
        };

        Ecs = EcsClient.Create(Settings, transport);
        Fis = FisClient.Create(Settings, transport);
        Logs = LogsClient.Create(Settings, transport);
        Identity = IdentityClient.Create(Settings);
        DynamoDb = WorkshopTable.CreateClient(Settings);
        Ec2 = Ec2Client.Create(Settings);
    }

    /// <summary>The settings with region and credentials filled in.</summary>
    public AwsSettings Settings { get; }

    public RegionEndpoint Region { get; }

    public EcsClient Ecs { get; }

    public FisClient Fis { get; }

    public LogsClient Logs { get; }

    public IdentityClient Identity { get; }

    public IAmazonDynamoDB DynamoDb { get; }

    /// <summary>The VPCs, subnets and security groups the tasks can run in.</summary>
    public Ec2Client Ec2 { get; }

    /// <summary>A view of one table through the shared DynamoDB client (disposing it leaves the client open).</summary>
    public WorkshopTable OpenWorkshopTable(string tableName, UnprocessedItemsRetry? retry = null) =>
        new(DynamoDb, tableName, ownsClient: false, retry);

    public void Dispose()
    {
        Ecs.Dispose();
        Fis.Dispose();
        Logs.Dispose();
        Identity.Dispose();
        DynamoDb.Dispose();
        Ec2.Dispose();
    }
}
