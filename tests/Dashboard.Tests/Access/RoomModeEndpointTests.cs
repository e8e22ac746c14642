using System.Net;
using System.Net.Http.Json;
using System.Text;
using ChaosDashboard.Access;
using ChaosDashboard.Experiment;
using ChaosDashboard.Tests.Components;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChaosDashboard.Tests.Access;

/// <summary>
/// The dashboard as a room reaches it (Room:RequireOperatorLink stands in for listening beyond loopback):
/// a viewer's requests to act are refused, the operator link signs in, the token reaches no page.
/// </summary>
public sealed class RoomModeEndpointTests : IAsyncLifetime
{
    readonly string _database = Path.Combine(Path.GetTempPath(), $"chaos-dashboard-test-{Guid.NewGuid():N}.db");
    readonly CapturingLoggerProvider _log = new();
    WebApplicationFactory<Program> _factory = default!;

    public Task InitializeAsync()
    {
        _factory = Create();
        return Task.CompletedTask;
    }

    WebApplicationFactory<Program> Create(params (string Key, string Value)[] settings) => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.UseSetting("Sandbox:TimeScale", "300")
         .UseSetting("StartTimes:Database", _database)
         .UseSetting("Room:RequireOperatorLink", "true")
         .UseSetting("Benchmark:LogBurst", "true");
        foreach (var (key, value) in settings) b.UseSetting(key, value);
        b.ConfigureServices(services => services.AddLogging(logging => logging.AddProvider(_log)));
    });

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_database + suffix);
    }

    HttpClient NewClient() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    OperatorAccess Access => _factory.Services.GetRequiredService<OperatorAccess>();

    async Task<HttpClient> OperatorClient()
    {
        var client = NewClient();
        var response = await client.GetAsync(Access.LoginPathAndQuery());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    static string Token(string loginPathAndQuery) => Uri.UnescapeDataString(loginPathAndQuery[(loginPathAndQuery.IndexOf("token=", StringComparison.Ordinal) + 6)..]);

    public static TheoryData<string, string> Actions => new()
    {
        { "/api/actions/launch", "{\"kind\":\"baseline\"}" },
        { "/api/actions/start-experiment", "{}" },
        { "/api/actions/stop-experiment", "{}" },
        { "/api/actions/stop-task", "{}" },
        { "/api/actions/clear-table", "{\"confirm\":true}" },
        { "/api/start-times/import", "{\"detail\":{}}" },
        { "/api/benchmark/log-burst", "{\"lines\":10,\"perSecond\":10}" },
        { "/api/trials/import", "{\"format\":\"chaos-dashboard-trial\"}" },
        // Not an endpoint at all: every request to the API that could change something needs the operator.
        { "/api/anything-added-later", "{}" },
    };

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task A_viewers_forged_request_to_act_is_refused_and_recorded(string path, string json)
    {
        var viewer = NewClient();
        // A client that claims to be local changes nothing: Host is no proof of anything.
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Host = "localhost";
        var response = await viewer.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var outcome = await response.Content.ReadFromJsonAsync<ActionOutcome>();
        Assert.Equal(OperatorEndpoints.ViewerRefusal, outcome!.Message);
        var state = _factory.Services.GetRequiredService<LiveExperiment>().Snapshot();
        Assert.Empty(state.Tasks);
        Assert.Empty(state.Experiments);
        Assert.Contains(_log.Messages, m => m.Contains($"viewer POST {path}: refused, not the operator"));
    }

    [Fact]
    public async Task A_viewers_forged_delete_of_a_trial_is_refused_and_recorded()
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, "/api/trials/1");
        var response = await NewClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(OperatorEndpoints.ViewerRefusal, (await response.Content.ReadFromJsonAsync<ActionOutcome>())!.Message);
        Assert.Contains(_log.Messages, m => m.Contains("viewer DELETE /api/trials/1: refused, not the operator"));
    }

    [Fact]
    public async Task The_operator_link_signs_in_with_a_strict_http_only_cookie_and_the_operator_can_act()
    {
        var client = NewClient();
        var response = await client.GetAsync(Access.LoginPathAndQuery());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        // To the page itself: the token leaves the address bar.
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(OperatorAccess.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());

        var launch = await client.PostAsJsonAsync("/api/actions/launch", new { kind = "baseline" });
        Assert.Equal(HttpStatusCode.OK, launch.StatusCode);
        Assert.Single(_factory.Services.GetRequiredService<LiveExperiment>().Snapshot().Tasks);
        Assert.Contains(_log.Messages, m => m.Contains("operator POST /api/actions/launch: 200 Launched"));
    }

    [Fact]
    public async Task A_wrong_token_is_refused_and_a_random_token_signs_in_one_browser_only()
    {
        var first = Access.LoginPathAndQuery();

        var wrong = await NewClient().GetAsync(OperatorAccess.LoginPathAndQuery(Token(first) + "x"));
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Contains("This operator link does not work", await wrong.Content.ReadAsStringAsync());
        var empty = await NewClient().GetAsync("/login");
        Assert.Equal(HttpStatusCode.Forbidden, empty.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await NewClient().GetAsync(first)).StatusCode);
        // Spent: the same link seen on a projected terminal signs in nobody else.
        var again = NewClient();
        Assert.Equal(HttpStatusCode.Forbidden, (await again.GetAsync(first)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await again.PostAsJsonAsync("/api/actions/launch", new { kind = "baseline" })).StatusCode);
        // The next link (printed on the console) does.
        var next = Access.LoginPathAndQuery();
        Assert.NotEqual(first, next);
        Assert.Equal(HttpStatusCode.Redirect, (await again.GetAsync(next)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.PostAsJsonAsync("/api/actions/launch", new { kind = "baseline" })).StatusCode);

        // Nothing logged ever holds a token.
        Assert.Contains(_log.Messages, m => m.Contains("Refused an operator login"));
        Assert.DoesNotContain(_log.Messages, m => m.Contains(Token(first)) || m.Contains(Token(next)));
    }

    [Fact]
    public async Task A_fixed_token_from_the_settings_stays_valid()
    {
        await _factory.DisposeAsync();
        _factory = Create(("Room:OperatorToken", "a-long-fixed-operator-token-for-the-room"));
        Assert.Equal(HttpStatusCode.Redirect, (await NewClient().GetAsync("/login?token=a-long-fixed-operator-token-for-the-room")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await NewClient().GetAsync("/login?token=a-long-fixed-operator-token-for-the-room")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await NewClient().GetAsync("/login?token=a-long-fixed-operator-token-for-the-roo")).StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/presenter")]
    [InlineData("/start-times")]
    [InlineData("/preflight")]
    [InlineData("/trials")]
    public async Task A_viewer_gets_the_live_pages_without_any_action_and_never_the_token(string path)
    {
        var token = Token(Access.LoginPathAndQuery());
        var html = await NewClient().GetStringAsync(path);
        Assert.Contains("View only", html);
        foreach (var action in new[] { "Launch baseline task", "Launch improved task", "Start experiment", "Stop experiment", "Stop task", "Clear table", "Import events", "Check again", "Share" + "</h2>", "Import a trial", "Delete…" })
            Assert.DoesNotContain(action, html);
        Assert.DoesNotContain(token, html);
        Assert.DoesNotContain("/login?token", html);
    }

    [Fact]
    public async Task The_operators_page_has_the_actions_and_the_share_panel_with_the_viewer_address_but_no_token()
    {
        await _factory.DisposeAsync();
        _factory = Create(("Room:ViewerUrl", "https://chaos.example.org/"));
        var client = await OperatorClient();
        var token = Token(Access.LoginPathAndQuery());
        var html = await client.GetStringAsync("/");
        Assert.Contains("Launch baseline task", html);
        Assert.Contains("Operator", html);
        Assert.Contains("id=\"share-title\"", html);
        Assert.Contains("https://chaos.example.org/", html);
        Assert.Contains("src=\"data:image/png;base64,", html);
        Assert.DoesNotContain(token, html);
        Assert.DoesNotContain("token=", html);

        var presenter = await NewClient().GetStringAsync("/presenter");
        Assert.Contains("aria-label=\"Follow along\"", presenter);
        Assert.Contains("https://chaos.example.org/", presenter);
    }

    [Fact]
    public async Task Beyond_the_viewer_bound_a_viewer_gets_the_full_page_and_the_operator_still_gets_in()
    {
        await _factory.DisposeAsync();
        _factory = Create(("Room:MaxViewers", "2"));
        var viewers = _factory.Services.GetRequiredService<ViewerCount>();
        viewers.Add("10.0.0.1");
        Assert.Equal(HttpStatusCode.OK, (await NewClient().GetAsync("/")).StatusCode);
        viewers.Add("10.0.0.2");

        var full = await NewClient().GetAsync("/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
        Assert.Contains("The dashboard is full", await full.Content.ReadAsStringAsync());
        Assert.NotNull(full.Headers.RetryAfter);
        // Reads that are no page still answer; the operator always gets in.
        Assert.Equal(HttpStatusCode.OK, (await NewClient().GetAsync("/api/experiment")).StatusCode);
        var operatorPage = await (await OperatorClient()).GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, operatorPage.StatusCode);

        viewers.Remove("10.0.0.2");
        Assert.Equal(HttpStatusCode.OK, (await NewClient().GetAsync("/")).StatusCode);
    }
}

/// <summary>Keeps every formatted log message of a host.</summary>
sealed class CapturingLoggerProvider : ILoggerProvider
{
    readonly List<string> _messages = [];

    public IReadOnlyList<string> Messages
    {
        get { lock (_messages) return [.. _messages]; }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose() { }

    sealed class Logger(CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._messages) owner._messages.Add(formatter(state, exception));
        }
    }
}
