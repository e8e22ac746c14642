using Amazon.Runtime;

namespace ChaosDashboard.Aws.Signing;

/// <summary>Applies <see cref="AwsSettings"/> to the configuration of an AWS SDK client (STS, DynamoDB).</summary>
public static class AwsSdkClientConfig
{
    public static TConfig Apply<TConfig>(TConfig config, AwsSettings settings, AwsService service)
        where TConfig : ClientConfig
    {
        var region = AwsCredentialResolver.ResolveRegion(settings);
        var endpoint = AwsEndpointResolver.FindOverride(settings, service);
        if (endpoint is null)
        {
            config.RegionEndpoint = region;
        }
        else
        {
            // ServiceURL and RegionEndpoint exclude each other; the region then only scopes the signature.
            config.ServiceURL = endpoint.AbsoluteUri;
            config.AuthenticationRegion = region.SystemName;
        }

        config.RetryMode = RequestRetryMode.Standard;
        config.MaxErrorRetry = Math.Max(0, settings.Retry.MaxAttempts - 1);
        config.Timeout = settings.Retry.AttemptTimeout;
        return config;
    }
}
