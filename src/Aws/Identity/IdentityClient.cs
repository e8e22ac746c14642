using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using ChaosDashboard.Aws.Errors;
using ChaosDashboard.Aws.Signing;

namespace ChaosDashboard.Aws.Identity;

/// <summary>Who the configured credentials are, through STS (AWSSDK.SecurityToken).</summary>
public sealed class IdentityClient : IDisposable
{
    private readonly IAmazonSecurityTokenService _sts;

    /// <summary>Takes ownership of <paramref name="sts"/>.</summary>
    public IdentityClient(IAmazonSecurityTokenService sts) => _sts = sts;

    public static IdentityClient Create(AwsSettings settings) =>
        new(new AmazonSecurityTokenServiceClient(
            AwsCredentialResolver.ResolveCredentials(settings),
            AwsSdkClientConfig.Apply(new AmazonSecurityTokenServiceConfig(), settings, AwsService.Sts)));

    /// <summary>
    /// Account and ARN of the caller. Needs no permission, so it is the check that credentials work
    /// at all; an expired SSO session or missing credentials fail here first.
    /// </summary>
    public Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken = default) =>
        SdkExceptionMapper.CallAsync(AwsService.Sts.DisplayName, "GetCallerIdentity", async () =>
        {
            var response = await _sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken).ConfigureAwait(false);
            return new CallerIdentity(response.Account, response.Arn, response.UserId);
        }, cancellationToken);

    public void Dispose() => _sts.Dispose();
}

/// <param name="Account">12-digit account id.</param>
/// <param name="Arn">E.g. arn:aws:sts::123456789012:assumed-role/Admin/jane.</param>
/// <param name="UserId">Unique id of the user or role session.</param>
public sealed record CallerIdentity(string Account, string Arn, string UserId);
