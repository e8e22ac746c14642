using ChaosDashboard.Experiment;
using ChaosDashboard.Live;
using Microsoft.AspNetCore.Components;

namespace ChaosDashboard.Components.Live;

/// <summary>
/// A page or header part that shows the live experiment. It renders the current frame of the model and
/// again for every new frame, which come at most ten a second and only the newest if it lags behind.
/// </summary>
public abstract class LiveExperimentView : LivePart, IDisposable
{
    IDisposable? _subscription;

    [Inject] protected LiveFrames<Snapshot> Frames { get; set; } = default!;

    /// <summary>The experiment as this page shows it now.</summary>
    protected Snapshot State { get; private set; } = default!;

    protected override void OnInitialized()
    {
        State = Frames.Current;
        // A prerendered page is drawn once; only the interactive page follows the experiment.
        if (RendererInfo.IsInteractive)
            _subscription = Frames.Subscribe(frame => InvokeAsync(() =>
            {
                State = frame;
                OnFrame(frame);
                StateHasChanged();
            }));
    }

    /// <summary>A page draws from the whole snapshot; a header part that shows less says so.</summary>
    protected override object?[] DrawnFrom() => [State];

    /// <summary>Called with each new frame before the component renders it.</summary>
    protected virtual void OnFrame(Snapshot frame) { }

    public virtual void Dispose()
    {
        _subscription?.Dispose();
        GC.SuppressFinalize(this);
    }
}
