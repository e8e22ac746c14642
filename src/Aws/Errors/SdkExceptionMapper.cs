using Amazon.Runtime;
using Amazon.Runtime.Internal.Transform;

namespace ChaosDashboard.Aws.Errors;

/// <summary>
/// Translates the exceptions of the AWS SDK clients used here (STS, DynamoDB) into the library's
/// single <see cref="AwsServiceException"/>, so callers catch one type whatever the transport.
/// </summary>
public static class SdkExceptionMapper
{
    /// <summary>Runs an SDK call and rethrows its failures as <see cref="AwsServiceException"/>.</summary>
    public static async Task<T> CallAsync<T>(
        string service, string operation, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception failure) when (Map(service, operation, failure, cancellationToken) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <summary>The library's exception for <paramref name="failure"/>, or null to let it pass (cancellation).</summary>
    public static AwsServiceException? Map(string service, string operation, Exception failure, CancellationToken cancellationToken)
    {
        switch (failure)
        {
            case AwsServiceException already:
                return already;
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return null;
            case OperationCanceledException:
                return new AwsServiceException(service, operation, 0, AwsErrorCodes.Timeout, failure.Message, null, failure);
            case AmazonUnmarshallingException unreadable:
                return new AwsServiceException(service, operation, (int)unreadable.StatusCode, AwsErrorCodes.MalformedResponse,
                    unreadable.Message, unreadable.RequestId, failure);
            case AmazonServiceException serviceError:
                var status = (int)serviceError.StatusCode;
                return new AwsServiceException(service, operation, status,
                    AwsErrorParser.NormalizeCode(serviceError.ErrorCode) ?? (status == 0 ? AwsErrorCodes.NetworkError : $"Http{status}"),
                    serviceError.Message, serviceError.RequestId, failure);
            case AmazonClientException clientError:
                return new AwsServiceException(service, operation, 0, ClassifyClientError(clientError), clientError.Message, null, failure);
            case HttpRequestException or IOException:
                return new AwsServiceException(service, operation, 0, AwsErrorCodes.NetworkError, failure.Message, null, failure);
            default:
                return null;
        }
    }

    private static string ClassifyClientError(AmazonClientException error)
    {
        for (Exception? cause = error.InnerException; cause is not null; cause = cause.InnerException)
        {
            if (cause is HttpRequestException or IOException or System.Net.Sockets.SocketException)
            {
                return AwsErrorCodes.NetworkError;
            }
        }

        return error.Message.Contains("credential", StringComparison.OrdinalIgnoreCase)
            ? AwsErrorCodes.CredentialsUnavailable
            : "ClientError";
    }
}
