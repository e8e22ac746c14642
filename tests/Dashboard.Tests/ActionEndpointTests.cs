using System.Net;
using System.Net.Http.Json;
using ChaosDashboard.Experiment;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ChaosDashboard.Tests;

public class ActionEndpointTests : IClassFixture<WebApplicationFactory<Program>>
{
    readonly WebApplicationFactory<Program> _factory;

    public ActionEndpointTests(WebApplicationFactory<Program> factory) => _factory = factory.WithWebHostBuilder(b => b
        .UseSetting("Sandbox:TimeScale", "300")
        // Start times go to a file of this test's own, never to the user's store.
        .UseSetting("StartTimes:Database", Path.Combine(Path.GetTempPath(), $"chaos-dashboard-test-{Guid.NewGuid():N}.db")));

    sealed record Outcome(bool Ok, string Message, string? ResourceId);

    static async Task<(HttpStatusCode Status, Outcome Outcome)> Post(HttpClient client, string action, object body)
    {
        var response = await client.PostAsJsonAsync($"/api/actions/{action}", body);
        var outcome = await response.Content.ReadFromJsonAsync<Outcome>();
        return (response.StatusCode, outcome!);
    }

    [Fact]
    public async Task The_page_is_prerendered_with_the_current_state_and_then_runs_interactively()
    {
        var html = await _factory.CreateClient().GetStringAsync("/");
        Assert.Contains(Verdict.Hypothesis, html);
        Assert.Contains("Launch improved task", html);
        Assert.Contains("aria-label=\"Item 9, missing\"", html);
        // The page's circuit picks up from the prerendered markup.
        Assert.Contains("<!--Blazor:{\"type\":\"server\"", html);
        Assert.Contains("_framework/blazor.web", html);
        var presenter = await _factory.CreateClient().GetStringAsync("/presenter");
        Assert.Contains("Exit presenter view", presenter);
        Assert.DoesNotContain("Launch improved task", presenter);
    }

    [Theory]
    [InlineData("launch", "{\"kind\":\"nonsense\"}", "baseline or improved")]
    [InlineData("launch", "{\"kind\":\"7\"}", "baseline or improved")]
    [InlineData("launch", "{\"kind\":\"1\"}", "baseline or improved")]
    [InlineData("launch", "{\"kind\":\"baseline,improved\"}", "baseline or improved")]
    [InlineData("launch", "{}", "baseline or improved")]
    [InlineData("launch", "{\"kind\":\"baseline\",\"clientToken\":\"has space\"}", "client token")]
    [InlineData("clear-table", "{}", "confirm")]
    public async Task Bad_requests_get_a_clear_message(string action, string json, string expected)
    {
        var response = await _factory.CreateClient().PostAsync($"/api/actions/{action}", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("http://evil.example", HttpStatusCode.Forbidden)]
    [InlineData("http://localhost", HttpStatusCode.BadRequest)] // the test host's own origin: the request goes through
    public async Task Actions_from_another_site_are_refused(string origin, HttpStatusCode expected)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/actions/clear-table") { Content = JsonContent.Create(new { }) };
        request.Headers.Add("Origin", origin);
        var response = await _factory.CreateClient().SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task An_address_that_is_no_page_gets_the_not_found_page()
    {
        var response = await _factory.CreateClient().GetAsync("/nope");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is nothing at this address.", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("http://evil.example", HttpStatusCode.Forbidden)]
    [InlineData("http://localhost", HttpStatusCode.OK)]
    public async Task The_pages_live_connection_refuses_another_sites_origin(string origin, HttpStatusCode expected)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        request.Headers.Add("Origin", origin);
        var response = await _factory.CreateClient().SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task A_websocket_to_the_pages_live_connection_from_another_site_is_refused()
    {
        var client = _factory.Server.CreateWebSocketClient();
        client.ConfigureRequest = request => request.Headers.Origin = "http://evil.example";
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => client.ConnectAsync(new Uri("ws://localhost/_blazor"), CancellationToken.None));
        Assert.Contains("403", refused.Message);

        var own = _factory.Server.CreateWebSocketClient();
        own.ConfigureRequest = request => request.Headers.Origin = "http://localhost";
        using var socket = await own.ConnectAsync(new Uri("ws://localhost/_blazor"), CancellationToken.None);
        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task A_malformed_body_is_refused_without_a_stack_trace()
    {
        var response = await _factory.CreateClient().PostAsync("/api/actions/launch", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", body);
    }

    [Fact]
    public async Task Double_clicks_launch_one_task_and_a_repeated_token_gets_the_first_answer()
    {
        var factory = _factory.WithWebHostBuilder(_ => { });
        var client = factory.CreateClient();
        var clicks = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => Post(client, "launch", new { kind = "improved", clientToken = $"click-{i}" })));

        Assert.Single(clicks, c => c.Status == HttpStatusCode.OK);
        Assert.All(clicks.Where(c => c.Status != HttpStatusCode.OK), c => Assert.Equal(HttpStatusCode.Conflict, c.Status));
        var live = factory.Services.GetRequiredService<LiveExperiment>();
        Assert.Single(live.Tasks());

        var winner = clicks.Single(c => c.Status == HttpStatusCode.OK);
        var token = $"click-{Array.IndexOf(clicks, winner)}";
        var again = await Post(client, "launch", new { kind = "improved", clientToken = token });
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(winner.Outcome.ResourceId, again.Outcome.ResourceId);

        var clear = await Post(client, "clear-table", new { confirm = true });
        Assert.Equal(HttpStatusCode.Conflict, clear.Status);
        Assert.Contains("stop it first", clear.Outcome.Message);

        var stop = await Post(client, "stop-task", new { });
        Assert.Equal(HttpStatusCode.OK, stop.Status);
    }
}
