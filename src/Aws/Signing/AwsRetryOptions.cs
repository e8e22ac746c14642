namespace ChaosDashboard.Aws.Signing;

/// <summary>
/// How hard a call tries. AWS's own SDKs use a similar shape (standard retry mode: a few attempts,
/// exponential backoff with jitter); the dashboard polls, so a few attempts are plenty.
/// </summary>
public sealed record AwsRetryOptions
{
    /// <summary>Total tries including the first one; 1 turns retries off.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>Delay before the first retry; doubles on each further retry, randomised by jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound of one backoff delay, including a server's Retry-After.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time one attempt may take, from sending to the last byte of the answer.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Told about every retry, e.g. to show "throttled by CloudWatch Logs, retrying" in the UI.</summary>
    public Action<AwsRetryEvent>? OnRetry { get; init; }
}

/// <summary>One retry about to happen.</summary>
/// <param name="Service">Service display name, e.g. "ECS".</param>
/// <param name="Operation">Operation name, e.g. "DescribeTasks".</param>
/// <param name="FailedAttempt">Number of the attempt that just failed, from 1.</param>
/// <param name="Delay">Wait before the next attempt.</param>
/// <param name="Reason">What went wrong: an error code, "HTTP 503", or an exception type.</param>
public sealed record AwsRetryEvent(string Service, string Operation, int FailedAttempt, TimeSpan Delay, string Reason);
