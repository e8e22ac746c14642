using Amazon.Runtime;
using ChaosDashboard.Aws.Signing;

namespace ChaosDashboard.Aws;

/// <summary>
/// Where and as whom the clients talk to AWS. Everything is optional: by default the region and
/// credentials come from the standard AWS chain (environment, shared config/credentials files incl.
/// SSO and assume-role profiles, container and instance roles) and endpoints are the public ones,
/// unless AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_&lt;SERVICE&gt; are set.
/// </summary>
public sealed record AwsSettings
{
    /// <summary>Region system name such as "eu-west-1"; falls back to the profile's or AWS_REGION.</summary>
    public string? Region { get; init; }

    /// <summary>Named profile of ~/.aws/config and ~/.aws/credentials; falls back to AWS_PROFILE / default chain.</summary>
    public string? Profile { get; init; }

    /// <summary>Credentials to use as they are (tests, or a host that already has them); wins over <see cref="Profile"/>.</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>Base URL for every service, e.g. a fake AWS on loopback ("http://127.0.0.1:4566").</summary>
    public Uri? EndpointUrl { get; init; }

    /// <summary>
    /// Base URL per service, keyed by <see cref="AwsService.Key"/> ("ecs", "fis", "logs", "sts",
    /// "dynamodb"); wins over <see cref="EndpointUrl"/>.
    /// </summary>
    public IReadOnlyDictionary<string, Uri> ServiceEndpointUrls { get; init; } =
        new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_&lt;SERVICE&gt; are honoured.</summary>
    public bool UseEndpointEnvironmentVariables { get; init; } = true;

    /// <summary>Attempts, backoff and per-attempt timeout for every call.</summary>
    public AwsRetryOptions Retry { get; init; } = new();
}
