using ChaosDashboard.Aws.Errors;
using ChaosDashboard.Aws.Identity;
using ChaosDashboard.Aws.Tests.Infrastructure;

namespace ChaosDashboard.Aws.Tests.Identity;

/// <summary>STS GetCallerIdentity through AWSSDK.SecurityToken, against a fake STS on loopback.</summary>
public sealed class IdentityClientTests
{
    private const string CallerIdentityXml = """
        <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <GetCallerIdentityResult>
            <Arn>arn:aws:sts::123456789012:assumed-role/WorkshopAdmin/jane</Arn>
            <UserId>AROAEXAMPLEID:jane</UserId>
            <Account>123456789012</Account>
          </GetCallerIdentityResult>
          <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
        </GetCallerIdentityResponse>
        """;

    [Fact]
    public async Task Returns_the_account_and_arn_of_the_caller()
    {
        using var server = new LoopbackServer(_ => new LoopbackResponse(200, CallerIdentityXml, "text/xml"));
        using var identity = IdentityClient.Create(TestAws.Settings(server.BaseUrl));

        var caller = await identity.GetCallerIdentityAsync();

        Assert.Equal("123456789012", caller.Account);
        Assert.Equal("arn:aws:sts::123456789012:assumed-role/WorkshopAdmin/jane", caller.Arn);
        var request = Assert.Single(server.Requests);
        Assert.Equal("sts", SigV4Verifier.Parse(request.Header("Authorization")!).Service);
        Assert.Equal(TestAws.Region, SigV4Verifier.Parse(request.Header("Authorization")!).Region);
    }

    [ModelFact]
    public async Task The_request_is_a_GetCallerIdentity_call_of_the_model_api_version()
    {
        var model = BotocoreModels.Get("sts");
        using var server = new LoopbackServer(_ => new LoopbackResponse(200, CallerIdentityXml, "text/xml"));
        using var identity = IdentityClient.Create(TestAws.Settings(server.BaseUrl));

        await identity.GetCallerIdentityAsync();

        var request = Assert.Single(server.Requests);
        var operation = model.Operation("GetCallerIdentity");
        Assert.Equal(operation.HttpMethod, request.Method);
        Assert.Equal(operation.RequestUri, request.RawPath);
        var form = request.BodyText.Split('&').Select(pair => pair.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        Assert.Equal("GetCallerIdentity", form["Action"]);
        Assert.Equal(model.ApiVersion, form["Version"]);
    }

    [Fact]
    public async Task An_expired_token_becomes_an_AwsServiceException()
    {
        const string errorXml = """
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <Error><Type>Sender</Type><Code>ExpiredToken</Code><Message>The security token included in the request is expired</Message></Error>
              <RequestId>req-9</RequestId>
            </ErrorResponse>
            """;
        using var server = new LoopbackServer(_ => new LoopbackResponse(403, errorXml, "text/xml"));
        using var identity = IdentityClient.Create(TestAws.Settings(server.BaseUrl));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => identity.GetCallerIdentityAsync());

        Assert.Equal("ExpiredToken", error.Code);
        Assert.Equal(403, error.HttpStatus);
        Assert.Equal("STS GetCallerIdentity failed: ExpiredToken — The security token included in the request is expired", error.Message);
    }
}
