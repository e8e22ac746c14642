using Bunit;
using ChaosDashboard.Access;
using ChaosDashboard.Actions;
using ChaosDashboard.Experiment;
using ChaosDashboard.Hardening;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace ChaosDashboard.Tests.Components;

/// <summary>A bUnit context with what the dashboard's components need: MudBlazor, a clock, the actions.</summary>
sealed class ComponentTestContext : BunitContext
{
    public OperatorAccess Access { get; }
    public RecordingLogger<ActionAudit> AuditLog { get; } = new();
    ActionAudit Audit => _audit ??= new ActionAudit(AuditLog, Time);
    ActionAudit? _audit;

    /// <summary>Signs the page's user in as the operator, as the operator link's cookie does.</summary>
    public void SignInAsOperator() => Auth.User = Access.OperatorPrincipal();

    public void SignOut() => Auth.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());

    public FakeTimeProvider Time { get; } = new(Builders.T0);
    public RecordingBackend Backend { get; } = new();
    public LiveExperiment Live { get; }

    /// <summary>Who the page's user is; null for the local user on loopback (always the operator).</summary>
    public TestAuthenticationState Auth { get; } = new();

    /// <param name="roomMode">As when the dashboard listens beyond loopback: the user is whoever <see cref="Auth"/> says.</param>
    /// <param name="services">More services for the component under test, added before any is resolved.</param>
    public ComponentTestContext(bool interactive = true, bool roomMode = false, Action<IServiceCollection>? services = null)
    {
        Live = new LiveExperiment(10, Builders.Settings(), Time);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddSingleton(Live);
        Services.AddSingleton<IWorkshopBackend>(Backend);
        Services.AddSingleton<ActionGuard>();
        Services.AddSingleton<ExperimentActions>();
        var room = new RoomOptions { RequireOperatorLink = roomMode };
        Access = new OperatorAccess(room, [], NullLogger<OperatorAccess>.Instance);
        Services.AddSingleton(room);
        Services.AddSingleton(Access);
        Services.AddSingleton(Audit);
        Services.AddSingleton(new RateLimits(new HardeningOptions()));
        Services.AddSingleton<AuthenticationStateProvider>(Auth);
        Services.AddScoped<OperatorGate>();
        services?.Invoke(Services);
        SetRendererInfo(new RendererInfo("Server", interactive));
    }
}

/// <summary>A backend that records what it was asked and answers when the test says so.</summary>
sealed class RecordingBackend : IWorkshopBackend
{
    public int Launches;
    public TaskCompletionSource<ActionOutcome> NextLaunch { get; set; } = Completed("Launched");

    static TaskCompletionSource<ActionOutcome> Completed(string message)
    {
        var done = new TaskCompletionSource<ActionOutcome>();
        done.SetResult(ActionOutcome.Done(message));
        return done;
    }

    public Task<ActionOutcome> LaunchTaskAsync(TaskKind kind, string clientToken, CancellationToken ct)
    {
        Interlocked.Increment(ref Launches);
        return NextLaunch.Task;
    }

    public int Experiments;

    public Task<ActionOutcome> StartExperimentAsync(string clientToken, CancellationToken ct)
    {
        Interlocked.Increment(ref Experiments);
        return Task.FromResult(ActionOutcome.Done("Started"));
    }
    public Task<ActionOutcome> StopExperimentAsync(string experimentId, CancellationToken ct) => Task.FromResult(ActionOutcome.Done("Stopped"));
    public Task<ActionOutcome> StopTaskAsync(string taskId, CancellationToken ct) => Task.FromResult(ActionOutcome.Done("Stopping"));
    public int Clears;

    public Task<ActionOutcome> ClearTableAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref Clears);
        return Task.FromResult(ActionOutcome.Done("Deleted 10 items from the table"));
    }
}

/// <summary>The page's user as the test sets it; anonymous (a viewer, in room mode) until then.</summary>
sealed class TestAuthenticationState : AuthenticationStateProvider
{
    public System.Security.Claims.ClaimsPrincipal User { get; set; } = new(new System.Security.Claims.ClaimsIdentity());

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(User));
}

/// <summary>Keeps what was logged, to check what the log says (and what it never says).</summary>
sealed class RecordingLogger<T> : ILogger<T>
{
    readonly List<(LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get { lock (_entries) return [.. _entries]; }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries) _entries.Add((logLevel, formatter(state, exception)));
    }
}
