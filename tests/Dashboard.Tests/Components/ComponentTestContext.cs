using Bunit;
using ChaosDashboard.Actions;
using ChaosDashboard.Experiment;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace ChaosDashboard.Tests.Components;

/// <summary>A bUnit context with what the dashboard's components need: MudBlazor, a clock, the actions.</summary>
sealed class ComponentTestContext : BunitContext
{
    public FakeTimeProvider Time { get; } = new(Builders.T0);
    public RecordingBackend Backend { get; } = new();
    public LiveExperiment Live { get; }

    public ComponentTestContext(bool interactive = true)
    {
        Live = new LiveExperiment(10, Builders.Settings(), Time);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddSingleton(Live);
        Services.AddSingleton<IWorkshopBackend>(Backend);
        Services.AddSingleton<ActionGuard>();
        Services.AddSingleton<ExperimentActions>();
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

    public Task<ActionOutcome> StartExperimentAsync(string clientToken, CancellationToken ct) => Task.FromResult(ActionOutcome.Done("Started"));
    public Task<ActionOutcome> StopExperimentAsync(string experimentId, CancellationToken ct) => Task.FromResult(ActionOutcome.Done("Stopped"));
    public Task<ActionOutcome> StopTaskAsync(string taskId, CancellationToken ct) => Task.FromResult(ActionOutcome.Done("Stopping"));
    public int Clears;

    public Task<ActionOutcome> ClearTableAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref Clears);
        return Task.FromResult(ActionOutcome.Done("Deleted 10 items from the table"));
    }
}
