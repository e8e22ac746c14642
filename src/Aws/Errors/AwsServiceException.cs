namespace ChaosDashboard.Aws.Errors;

/// <summary>
/// The one error every client in this library throws when an AWS call does not succeed: a service
/// error answer, a body that cannot be read, a network failure or timeout after the last retry, or
/// credentials that cannot be found. <see cref="Exception.Message"/> is a sentence fit to show a user,
/// e.g. "ECS RunTask failed: AccessDeniedException — User … is not authorized …".
/// </summary>
public sealed class AwsServiceException : Exception
{
    public AwsServiceException(
        string service,
        string operation,
        int httpStatus,
        string code,
        string? serviceMessage,
        string? requestId,
        Exception? innerException = null)
        : base(FormatMessage(service, operation, code, serviceMessage), innerException)
    {
        Service = service;
        Operation = operation;
        HttpStatus = httpStatus;
        Code = code;
        ServiceMessage = serviceMessage;
        RequestId = requestId;
    }

    /// <summary>Short service name as users know it: "ECS", "FIS", "CloudWatch Logs", "STS", "DynamoDB".</summary>
    public string Service { get; }

    /// <summary>API operation name, e.g. "RunTask".</summary>
    public string Operation { get; }

    /// <summary>HTTP status of the last answer; 0 when no answer arrived (network, timeout, credentials).</summary>
    public int HttpStatus { get; }

    /// <summary>
    /// AWS error code such as "AccessDeniedException" or "ThrottlingException", or one of the
    /// client-side codes in <see cref="AwsErrorCodes"/>.
    /// </summary>
    public string Code { get; }

    /// <summary>The service's own message, when it sent one.</summary>
    public string? ServiceMessage { get; }

    /// <summary>The x-amzn-RequestId of the failed call, for support cases and CloudTrail searches.</summary>
    public string? RequestId { get; }

    /// <summary>True when AWS refused the call because of a rate limit.</summary>
    public bool IsThrottling => AwsErrorCodes.IsThrottling(Code) || HttpStatus == 429;

    /// <summary>True when IAM refused the call: a permission is missing.</summary>
    public bool IsAccessDenied => AwsErrorCodes.IsAccessDenied(Code);

    private static string FormatMessage(string service, string operation, string code, string? serviceMessage) =>
        string.IsNullOrWhiteSpace(serviceMessage)
            ? $"{service} {operation} failed: {code}"
            : $"{service} {operation} failed: {code} — {serviceMessage.Trim()}";
}
