using Amazon;
using Amazon.DynamoDBv2;

namespace ChaosDashboard.Worker;

public static class DynamoClientFactory
{
    /// <summary>Region used to sign requests for a local endpoint when none is configured; local servers ignore it.</summary>
    public const string LocalSigningRegion = "us-east-1";

    /// <summary>
    /// A client for the configured region or local endpoint. Credentials come from the SDK's default
    /// chain: environment, profile, then the ECS task role.
    /// </summary>
    public static IAmazonDynamoDB Create(WorkerSettings settings)
    {
        var config = new AmazonDynamoDBConfig
        {
            // One write should not hang a task for long; the batch job retries transient failures itself too.
            Timeout = TimeSpan.FromSeconds(10),
            MaxErrorRetry = 3,
        };
        if (settings.Endpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = settings.Region ?? LocalSigningRegion;
        }
        else if (settings.Region is { } region)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        return new AmazonDynamoDBClient(config);
    }
}
