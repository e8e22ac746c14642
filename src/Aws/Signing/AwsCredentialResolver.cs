using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace ChaosDashboard.Aws.Signing;

/// <summary>Finds the credentials and region the settings ask for.</summary>
public static class AwsCredentialResolver
{
    /// <summary>
    /// Explicit credentials, else the named profile, else the default chain. The default chain is
    /// searched on the first call rather than here, so a dashboard without credentials still starts
    /// and reports the problem on the first AWS call instead of at start-up.
    /// </summary>
    public static AWSCredentials ResolveCredentials(AwsSettings settings)
    {
        if (settings.Credentials is not null)
        {
            return settings.Credentials;
        }

        if (!string.IsNullOrWhiteSpace(settings.Profile))
        {
            var profiles = new CredentialProfileStoreChain();
            return profiles.TryGetAWSCredentials(settings.Profile, out var profileCredentials)
                ? profileCredentials
                : throw new InvalidOperationException(
                    $"AWS profile '{settings.Profile}' was not found in the shared config or credentials file, or it has no usable credentials.");
        }

        return new DeferredDefaultChainCredentials();
    }

    /// <summary>The settings' region, else the named profile's, else AWS_REGION / AWS_DEFAULT_REGION / the default profile's.</summary>
    public static RegionEndpoint ResolveRegion(AwsSettings settings)
    {
        if (!string.IsNullOrWhiteSpace(settings.Region))
        {
            return RegionEndpoint.GetBySystemName(settings.Region.Trim());
        }

        if (!string.IsNullOrWhiteSpace(settings.Profile)
            && new CredentialProfileStoreChain().TryGetProfile(settings.Profile, out var profile)
            && profile.Region is not null)
        {
            return profile.Region;
        }

        // Instance metadata is not consulted: off EC2 it costs seconds of timeouts, and ECS and
        // Lambda set AWS_REGION anyway.
        return FallbackRegionFactory.GetRegionEndpoint(includeInstanceMetadata: false)
            ?? throw new InvalidOperationException(
                "No AWS region is configured: set a region in the dashboard settings, AWS_REGION, or the profile.");
    }

    /// <summary>
    /// Runs the SDK's default credential chain when credentials are first needed. A failed search is
    /// not remembered, so credentials that appear later (an SSO login, say) are picked up.
    /// </summary>
    private sealed class DeferredDefaultChainCredentials : AWSCredentials
    {
        private readonly object _gate = new();
        private AWSCredentials? _resolved;

        public override ImmutableCredentials GetCredentials() => Resolve().GetCredentials();

        public override Task<ImmutableCredentials> GetCredentialsAsync() => Resolve().GetCredentialsAsync();

        private AWSCredentials Resolve()
        {
            lock (_gate)
            {
                return _resolved ??= DefaultAWSCredentialsIdentityResolver.GetCredentials(null);
            }
        }
    }
}
