using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using ChaosDashboard.Aws.Errors;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ChaosDashboard.Aws.Signing;

/// <summary>
/// Sends requests to one AWS service: each attempt is a fresh request, signed with SigV4 by
/// AWSSDK.Core's <see cref="SigV4SigningHandler"/>; the retry and timeout policy sits outside the
/// signer so a retried request carries a new signature and date. Answers are read to the end inside
/// the attempt, so a truncated body is retried like any other transport failure.
/// </summary>
public sealed class SignedHttpChannel : IDisposable
{
    private static readonly ResiliencePropertyKey<string> OperationKey = new("aws.operation");

    private readonly HttpClient _httpClient;
    private readonly ResiliencePipeline<AwsHttpResponse> _pipeline;
    private readonly AwsRetryOptions _retry;

    /// <param name="service">Which service this channel talks to (signing name, error naming).</param>
    /// <param name="baseUrl">Endpoint, e.g. https://ecs.eu-west-1.amazonaws.com/ or a loopback fake.</param>
    /// <param name="region">Region of the SigV4 credential scope.</param>
    /// <param name="credentials">Credentials the signer asks for on every attempt (so refreshed ones are used).</param>
    /// <param name="retry">Attempts, backoff and per-attempt timeout.</param>
    /// <param name="transport">Innermost handler; null for a real socket handler. Tests pass a recorder.</param>
    public SignedHttpChannel(
        AwsService service,
        Uri baseUrl,
        RegionEndpoint region,
        AWSCredentials credentials,
        AwsRetryOptions? retry = null,
        HttpMessageHandler? transport = null)
    {
        Service = service;
        BaseUrl = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        Region = region;
        _retry = retry ?? new AwsRetryOptions();

        var signer = new SigV4SigningHandler(credentials, region, service.SigningName, transport ?? CreateSocketHandler());
        _httpClient = new HttpClient(signer, disposeHandler: true)
        {
            // The per-attempt timeout of the pipeline applies instead.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _pipeline = BuildPipeline(_retry);
    }

    public AwsService Service { get; }

    /// <summary>Base URL, always ending in '/'.</summary>
    public Uri BaseUrl { get; }

    public RegionEndpoint Region { get; }

    /// <summary>A channel for <paramref name="service"/> as the settings describe it.</summary>
    public static SignedHttpChannel Create(AwsSettings settings, AwsService service, HttpMessageHandler? transport = null)
    {
        var region = AwsCredentialResolver.ResolveRegion(settings);
        return new SignedHttpChannel(
            service,
            AwsEndpointResolver.Resolve(settings, service, region),
            region,
            AwsCredentialResolver.ResolveCredentials(settings),
            settings.Retry,
            transport);
    }

    /// <summary>
    /// Sends the request <paramref name="createRequest"/> builds (called once per attempt) and
    /// returns the successful answer. Every failure ends as an <see cref="AwsServiceException"/>;
    /// only cancellation by <paramref name="cancellationToken"/> ends as OperationCanceledException.
    /// </summary>
    public async Task<AwsHttpResponse> SendAsync(
        string operation, Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken = default)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(OperationKey, operation);
        AwsHttpResponse response;
        try
        {
            response = await _pipeline.ExecuteAsync(
                static async (ctx, state) =>
                {
                    using var request = state.createRequest();
                    using var answer = await state.httpClient
                        .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ctx.CancellationToken)
                        .ConfigureAwait(false);
                    return await AwsHttpResponse.ReadAsync(answer, ctx.CancellationToken).ConfigureAwait(false);
                },
                context,
                (createRequest, httpClient: _httpClient)).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException timeout)
        {
            throw new AwsServiceException(Service.DisplayName, operation, 0, AwsErrorCodes.Timeout,
                $"no complete answer within {_retry.AttemptTimeout.TotalSeconds:0.#} s, {AttemptsText()}", null, timeout);
        }
        catch (Exception failure) when (failure is HttpRequestException or IOException)
        {
            throw new AwsServiceException(Service.DisplayName, operation, 0, AwsErrorCodes.NetworkError,
                $"{failure.Message} ({BaseUrl.Host}, {AttemptsText()})", null, failure);
        }
        catch (Exception failure) when (failure is AmazonClientException or AmazonServiceException)
        {
            // Only the signer calls into the SDK here, and it does so to obtain credentials.
            throw new AwsServiceException(Service.DisplayName, operation, 0, AwsErrorCodes.CredentialsUnavailable,
                failure.Message, null, failure);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        return response.IsSuccess ? response : throw AwsErrorParser.FromResponse(Service.DisplayName, operation, response);
    }

    /// <summary>URL of <paramref name="relativePathAndQuery"/> (no leading '/') under the base URL.</summary>
    public Uri BuildUri(string relativePathAndQuery) => new(BaseUrl, relativePathAndQuery.TrimStart('/'));

    public void Dispose() => _httpClient.Dispose();

    private string AttemptsText() => _retry.MaxAttempts == 1 ? "1 attempt" : $"{_retry.MaxAttempts} attempts";

    private static SocketsHttpHandler CreateSocketHandler() => new()
    {
        // A redirect would be followed with the old signature; AWS APIs never redirect on purpose.
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        // Picks up DNS changes of AWS endpoints.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };

    private ResiliencePipeline<AwsHttpResponse> BuildPipeline(AwsRetryOptions retry)
    {
        var builder = new ResiliencePipelineBuilder<AwsHttpResponse>();
        if (retry.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<AwsHttpResponse>
            {
                MaxRetryAttempts = retry.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(DescribeRetryReason(args.Outcome) is not null),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome, retry.MaxDelay)),
                OnRetry = args =>
                {
                    retry.OnRetry?.Invoke(new AwsRetryEvent(
                        Service.DisplayName,
                        args.Context.Properties.GetValue(OperationKey, "?"),
                        args.AttemptNumber + 1,
                        args.RetryDelay,
                        DescribeRetryReason(args.Outcome) ?? "unknown"));
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder.AddTimeout(retry.AttemptTimeout).Build();
    }

    /// <summary>Why an outcome deserves another try, or null when it does not.</summary>
    private string? DescribeRetryReason(Outcome<AwsHttpResponse> outcome)
    {
        if (outcome.Exception is { } exception)
        {
            return exception is HttpRequestException or IOException or TimeoutRejectedException
                ? exception.GetType().Name
                : null;
        }

        var response = outcome.Result!;
        if (response.IsSuccess)
        {
            return null;
        }

        var code = AwsErrorParser.FromResponse(Service.DisplayName, "retry check", response).Code;
        var retryable = response.StatusCode >= 500
            || response.StatusCode == 429
            || AwsErrorCodes.IsThrottling(code)
            || AwsErrorCodes.IsTransient(code);
        return retryable ? $"{code} (HTTP {response.StatusCode})" : null;
    }

    /// <summary>A server's Retry-After in seconds, when given and not longer than the maximum delay.</summary>
    private static TimeSpan? RetryAfter(Outcome<AwsHttpResponse> outcome, TimeSpan maxDelay)
    {
        var header = outcome.Result?.GetHeader("Retry-After");
        return int.TryParse(header, out var seconds) && seconds >= 0 && TimeSpan.FromSeconds(seconds) <= maxDelay
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }
}
