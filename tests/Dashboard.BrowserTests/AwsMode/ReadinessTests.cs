using System.Net;
using static ChaosDashboard.BrowserTests.AwsMode.AwsPage;

namespace ChaosDashboard.BrowserTests.AwsMode;

/// <summary>/healthz and /readyz for a container platform, on the dashboard in AWS mode.</summary>
[Collection(AwsModeCollection.Name)]
public class ReadinessTests
{
    static async Task<(HttpStatusCode Status, string Text)> GetAsync(HttpClient http, string url)
    {
        var response = await http.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [BrowserFact]
    public async Task Without_credentials_the_process_is_alive_but_not_ready_and_says_why()
    {
        await using var session = await AwsModeSession.StartAsync(credentials: CredentialSource.None);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, session.Dashboard.Url + "/healthz")).Status);
        var ready = await GetAsync(http, session.Dashboard.Url + "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.StartsWith("AWS:", ready.Text);
    }

    [BrowserFact]
    public async Task Once_the_account_answers_the_dashboard_is_ready()
    {
        await using var session = await AwsModeSession.StartAsync();
        var page = new ExperimentView(await session.OpenAsync());
        await WaitForAccountAsync(page, session.Aws);
        using var http = new HttpClient();
        // The first polls may still be under way when the account is found.
        for (var attempt = 0; ; attempt++)
        {
            var ready = await GetAsync(http, session.Dashboard.Url + "/readyz");
            if (ready.Status == HttpStatusCode.OK) break;
            Assert.True(attempt < 50, $"Not ready: {ready.Text}");
            await Task.Delay(200);
        }
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, session.Dashboard.Url + "/healthz")).Status);
    }
}
