using System.Globalization;
using ChaosDashboard.FakeAws;
using Microsoft.Playwright;

namespace ChaosDashboard.BrowserTests.AwsMode;

/// <summary>How the dashboard's process finds credentials.</summary>
enum CredentialSource
{
    /// <summary>AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in its environment.</summary>
    EnvironmentKeys,

    /// <summary>None anywhere: no keys, no profile files, no instance metadata.</summary>
    None,
}

/// <summary>
/// One test's fake AWS account (dynalite for DynamoDB, <see cref="FakeAwsServer"/> for the rest), the
/// real dashboard process in AWS mode pointed at it, and a headless Chromium.
/// </summary>
sealed class AwsModeSession : IAsyncDisposable
{
    /// <summary>The per-attempt timeout the dashboard is given, so that a hanging call fails within seconds.</summary>
    public const double AttemptTimeoutSeconds = 2;

    public required Dynalite Dynamo { get; init; }
    public required FakeAwsServer Aws { get; init; }
    public required BrowserSession Browser { get; init; }

    public string Table => Aws.Options.TableName;
    public DashboardProcess Dashboard => Browser.Dashboard;

    /// <param name="options">The fake account; its DynamoDB endpoint is filled in with dynalite's.</param>
    /// <param name="credentials">What the dashboard's process can sign with.</param>
    /// <param name="settings">More "--Aws:…" settings; they win over the defaults given here. No subnet is set: the dashboard finds the workshop's network.</param>
    public static async Task<AwsModeSession> StartAsync(
        FakeAwsOptions? options = null, CredentialSource credentials = CredentialSource.EnvironmentKeys, params string[] settings)
    {
        options ??= new FakeAwsOptions();
        var dynamo = await Dynalite.StartAsync();
        FakeAwsServer? aws = null;
        try
        {
            await dynamo.CreateWorkerTableAsync(options.TableName);
            aws = await FakeAwsServer.StartAsync(options with { DynamoDbEndpoint = dynamo.Endpoint });
            string[] arguments =
            [
                "--Dashboard:Mode", "aws",
                "--Aws:Region", options.Region,
                "--Aws:EndpointUrl", aws.Url.ToString(),
                "--Aws:DynamoDbEndpointUrl", dynamo.Endpoint.ToString(),
                "--Aws:FastPollSeconds", "0.5",
                "--Aws:SlowPollSeconds", "2",
                "--Aws:AttemptTimeoutSeconds", AttemptTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
                .. settings,
            ];
            var browser = await BrowserSession.StartAsync(arguments: arguments, environment: Environment(credentials));
            return new AwsModeSession { Dynamo = dynamo, Aws = aws, Browser = browser };
        }
        catch
        {
            if (aws is not null) await aws.DisposeAsync();
            await dynamo.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Nothing of the machine's own AWS setup reaches the dashboard: every inherited AWS_ variable is
    /// removed, the shared files point nowhere and instance metadata is off.
    /// </summary>
    public static Dictionary<string, string?> Environment(CredentialSource credentials)
    {
        var environment = System.Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => name.StartsWith("AWS_", StringComparison.Ordinal))
            .ToDictionary(name => name, _ => (string?)null);
        environment["AWS_EC2_METADATA_DISABLED"] = "true";
        environment["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent";
        environment["AWS_CONFIG_FILE"] = "/nonexistent";
        if (credentials == CredentialSource.EnvironmentKeys)
        {
            environment["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE";
            environment["AWS_SECRET_ACCESS_KEY"] = "secret";
        }
        return environment;
    }

    public Task<IPage> OpenAsync(string path = "/") => Browser.OpenAsync(path);

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Aws.DisposeAsync();
        await Dynamo.DisposeAsync();
    }
}
