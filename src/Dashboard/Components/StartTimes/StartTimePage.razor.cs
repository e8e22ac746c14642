using ChaosDashboard.Live;
using ChaosDashboard.StartTimes;
using Microsoft.AspNetCore.Components;

namespace ChaosDashboard.Components.StartTimes;

/// <summary>
/// The start-time page: the filtered tasks' figures, charts and tables, built on the server from the
/// store by the same code as the export. When a task is saved (a watched task starting, an import,
/// the events log group) the page reads its rows again, at most twice a second.
/// </summary>
public partial class StartTimePage
{
    [Inject] StartTimeBoard Board { get; set; } = default!;
    [Inject] LiveFrames<StartTimeFrame> Frames { get; set; } = default!;
    [Inject] TimeProvider Time { get; set; } = default!;
    [Inject] ILogger<StartTimePage> Logger { get; set; } = default!;

    [CascadingParameter] public HttpContext? HttpContext { get; set; }

    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? To { get; set; }
    [SupplyParameterFromQuery(Name = "family")] public string? Family { get; set; }
    [SupplyParameterFromQuery(Name = "compare")] public string? Compare { get; set; }
    [SupplyParameterFromQuery(Name = "with")] public string? With { get; set; }

    StartTimePageModel? _model;
    StartTimeFilter? _filter;
    string? _error;
    IDisposable? _subscription;
    readonly CancellationTokenSource _gone = new();

    protected override void OnInitialized()
    {
        if (RendererInfo.IsInteractive) _subscription = Frames.Subscribe(_ => InvokeAsync(RefreshAsync));
    }

    protected override async Task OnParametersSetAsync()
    {
        if (!StartTimeFilter.TryParse(From, To, Family, Compare, With, Time.GetUtcNow(), out var filter, out var error))
        {
            // The same one line the API gives, with the status a bad query deserves.
            _error = error;
            _model = null;
            _filter = null;
            if (HttpContext is { Response.HasStarted: false }) HttpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        _error = null;
        _filter = filter;
        _model = await StartTimePageModel.BuildAsync(Board, filter, _gone.Token);
    }

    async Task RefreshAsync()
    {
        if (_filter is not { } filter || _gone.IsCancellationRequested) return;
        try
        {
            _model = await StartTimePageModel.BuildAsync(Board, filter, _gone.Token);
            StateHasChanged();
        }
        catch (OperationCanceledException) when (_gone.IsCancellationRequested) { }
        catch (Exception e)
        {
            // The page keeps what it shows; the next change tries again.
            Logger.LogWarning(e, "Start times: the page could not read the store again");
        }
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _gone.Cancel();
        _gone.Dispose();
    }
}
