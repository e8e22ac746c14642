namespace ChaosDashboard.Aws.Errors;

/// <summary>Error codes this library gives itself, and the AWS codes it treats as retryable.</summary>
public static class AwsErrorCodes
{
    /// <summary>The answer's body was not the JSON the operation promises (not JSON, truncated, wrong types).</summary>
    public const string MalformedResponse = "MalformedResponse";

    /// <summary>No HTTP answer arrived: connection refused or reset, DNS failure.</summary>
    public const string NetworkError = "NetworkError";

    /// <summary>Every attempt ran past the per-request timeout.</summary>
    public const string Timeout = "RequestTimeout";

    /// <summary>No credentials could be found or refreshed (environment, profile, SSO, role).</summary>
    public const string CredentialsUnavailable = "CredentialsUnavailable";

    /// <summary>DynamoDB kept returning unprocessed items after every retry.</summary>
    public const string UnprocessedItems = "UnprocessedItems";

    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "ThrottlingException",
        "Throttling",
        "ThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "RequestThrottled",
        "RequestThrottledException",
        "ProvisionedThroughputExceededException",
        "SlowDown",
    };

    // Codes AWS documents as transient even though they may come with a 4xx status.
    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "RequestTimeout",
        "RequestTimeoutException",
        "PriorRequestNotComplete",
        "InternalFailure",
        "ServiceUnavailable",
        "ServiceUnavailableException",
    };

    // How each service says that IAM refused the call (EC2 says UnauthorizedOperation).
    private static readonly HashSet<string> AccessDeniedCodes = new(StringComparer.Ordinal)
    {
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",
        "UnauthorizedAccess",
    };

    public static bool IsAccessDenied(string? code) => code is not null && AccessDeniedCodes.Contains(code);

    public static bool IsThrottling(string? code) => code is not null && ThrottlingCodes.Contains(code);

    public static bool IsTransient(string? code) => code is not null && TransientCodes.Contains(code);
}
