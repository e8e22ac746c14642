using System.Net;
using System.Net.Http.Json;
using System.Text;
using ChaosDashboard.Experiment;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ChaosDashboard.Tests.Hardening;

/// <summary>What every response carries, and the bounds on what a client can send, on the whole dashboard.</summary>
public sealed class HardeningTests : IAsyncLifetime
{
    readonly string _database = Path.Combine(Path.GetTempPath(), $"chaos-dashboard-test-{Guid.NewGuid():N}.db");
    WebApplicationFactory<Program> _factory = default!;

    public Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("Sandbox:TimeScale", "300")
            .UseSetting("StartTimes:Database", _database)
            .UseSetting("Hardening:ActionsPerMinute", "5"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_database + suffix);
    }

    HttpClient Client => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Theory]
    [InlineData("/")]
    [InlineData("/presenter")]
    [InlineData("/start-times")]
    [InlineData("/preflight")]
    [InlineData("/nope")]
    [InlineData("/api/experiment")]
    [InlineData("/api/start-times")]
    [InlineData("/api/start-times?from=yesterday-ish")]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/login?token=x")]
    [InlineData("/js/start.js")]
    public async Task Every_page_api_and_file_carries_the_security_headers(string path)
    {
        var response = await Client.GetAsync(path);
        AssertHeaders(response);
    }

    [Fact]
    public async Task Static_files_are_fingerprinted_and_the_policy_allows_no_inline_script()
    {
        var html = await Client.GetStringAsync("/");
        // Every script is a file of the dashboard's own origin.
        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)[^>]*>", html);
        var css = System.Text.RegularExpressions.Regex.Match(html, "href=\"(css/dashboard\\.[a-z0-9]+\\.css)\"").Groups[1].Value;
        Assert.NotEmpty(css);
        var response = await Client.GetAsync("/" + css);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString());
        AssertHeaders(response);
        Assert.Contains("script-src 'self';", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    static void AssertHeaders(HttpResponseMessage response)
    {
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("script-src 'self'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.DoesNotMatch("script-src[^;]*unsafe-inline", policy);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Theory]
    [InlineData("not json", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("{\"kind\":", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("kind=baseline", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType)]
    public async Task A_request_the_api_cannot_read_gets_problem_details_not_plain_text(string body, string contentType, HttpStatusCode expected)
    {
        var response = await Client.PostAsync("/api/actions/launch", new StringContent(body, Encoding.UTF8, contentType));
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Status Code:", text);
        Assert.Contains($"\"status\":{(int)expected}", text);
        // The actions' own fields too, so a script reads every answer alike.
        var outcome = System.Text.Json.JsonSerializer.Deserialize<ActionOutcome>(text, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        Assert.False(outcome!.Ok);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Message));
        AssertHeaders(response);
    }

    [Fact]
    public async Task An_api_address_that_is_none_gets_problem_details()
    {
        var response = await Client.GetAsync("/api/actions/launch");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_number_is_not_a_task_kind()
    {
        var response = await Client.PostAsJsonAsync("/api/actions/launch", new { kind = "1" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("baseline or improved", (await response.Content.ReadFromJsonAsync<ActionOutcome>())!.Message);
    }

    [Fact]
    public async Task A_body_beyond_the_bound_is_refused_before_it_is_read()
    {
        var huge = "{\"kind\":\"baseline\",\"clientToken\":\"" + new string('a', 1_100_000) + "\"}";
        var response = await Client.PostAsync("/api/actions/launch", new StringContent(huge, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than 1024 KB", (await response.Content.ReadFromJsonAsync<ActionOutcome>())!.Message);
    }

    [Fact]
    public async Task The_start_time_import_streams_past_the_general_bound_under_its_own()
    {
        // 1.5 MB of lines that are no events: more than any other endpoint takes, less than the import's 25 MB.
        var line = "{\"not\":\"an event\",\"padding\":\"" + new string('x', 1000) + "\"}\n";
        var body = string.Concat(Enumerable.Repeat(line, 1500));
        var response = await Client.PostAsync("/api/start-times/import?name=big.jsonl", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"source\":\"big.jsonl\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Actions_beyond_the_rate_are_refused_with_when_to_try_again()
    {
        var client = Client;
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync("/api/actions/stop-task", new { })).StatusCode);
        var refused = await client.PostAsJsonAsync("/api/actions/stop-task", new { });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("Too many actions", (await refused.Content.ReadFromJsonAsync<ActionOutcome>())!.Message);
        // Reads are not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/experiment")).StatusCode);
    }

    [Fact]
    public async Task The_process_is_alive_and_the_sandbox_is_ready()
    {
        var live = await Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var ready = await Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Ready", (await ready.Content.ReadAsStringAsync()).Trim());
    }

    [Fact]
    public async Task On_loopback_the_local_user_is_the_operator_and_the_login_link_just_opens_the_page()
    {
        var response = await Client.GetAsync("/login?token=anything");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var html = await Client.GetStringAsync("/");
        Assert.Contains("Launch baseline task", html);
        Assert.DoesNotContain("View only", html);
        Assert.DoesNotContain("share-title", html);
    }
}
