namespace ChaosDashboard.Aws.Errors;

/// <summary>How any failure of an AWS call reads to a person: one line, what failed and, where AWS said it, why.</summary>
public static class AwsErrorText
{
    public static string Describe(Exception e) => e switch
    {
        AwsServiceException aws => aws.Message.TrimEnd('.') + ".",
        HttpRequestException http => $"AWS could not be reached: {http.Message}",
        TimeoutException or TaskCanceledException => "AWS did not answer in time.",
        Amazon.Runtime.AmazonClientException client => $"AWS credentials or settings: {client.Message}",
        InvalidOperationException or ArgumentException => e.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
