using Amazon.Runtime;
using ChaosDashboard.Aws.Signing;

namespace ChaosDashboard.Aws.Tests.Infrastructure;

/// <summary>Settings and clients wired to a recording handler or a loopback server instead of AWS.</summary>
public static class TestAws
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string Region = "us-east-1";

    /// <summary>Fast retries so retry tests take milliseconds.</summary>
    public static readonly AwsRetryOptions FastRetry = new()
    {
        MaxAttempts = 4,
        BaseDelay = TimeSpan.FromMilliseconds(1),
        MaxDelay = TimeSpan.FromMilliseconds(20),
        AttemptTimeout = TimeSpan.FromSeconds(10),
    };

    public static AwsSettings Settings(Uri? endpoint = null, AwsRetryOptions? retry = null) => new()
    {
        Region = Region,
        Credentials = new BasicAWSCredentials(AccessKey, SecretKey),
        EndpointUrl = endpoint ?? new Uri("http://aws.test/"),
        UseEndpointEnvironmentVariables = false,
        Retry = retry ?? FastRetry,
    };
}
