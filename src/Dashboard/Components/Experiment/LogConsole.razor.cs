using ChaosDashboard.Experiment;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace ChaosDashboard.Components.Experiment;

public partial class LogConsole : IAsyncDisposable
{
    /// <summary>The row height in pixels; the virtualised list needs it fixed (see the .razor.css).</summary>
    const int RowHeight = 28;

    /// <summary>
    /// Rows drawn beyond the visible ones on each side, so a scroll shows rows already there. Few: every
    /// row in the window is drawn again with each frame that brings new lines.
    /// </summary>
    const int Overscan = 6;

    /// <summary>Rows of the prerendered page: the newest, as many as fill the console.</summary>
    const int PrerenderedRows = 20;

    [Inject] IJSRuntime JS { get; set; } = default!;

    /// <summary>The lines the server keeps, oldest first.</summary>
    [Parameter] public IReadOnlyList<LogLineView> Lines { get; set; } = [];

    /// <summary>The presenter view's form: the last <see cref="Rows"/> lines, no tools.</summary>
    [Parameter] public bool Compact { get; set; }

    [Parameter] public int Rows { get; set; } = 6;

    ElementReference _box;
    IJSObjectReference? _module;
    IJSObjectReference? _scrollWatch;
    DotNetObjectReference<LogConsole>? _self;

    bool _paused;
    /// <summary>What the view shows while paused: the lines as they were when it paused.</summary>
    List<LogLineView> _frozen = [];
    /// <summary>"Clear view" hides the lines up to this number; the server keeps them.</summary>
    long _clearedThrough;

    ICollection<LogLineView> Shown
    {
        get
        {
            var source = _paused ? _frozen : Lines;
            var shown = _clearedThrough == 0 ? source : source.Where(l => l.Number > _clearedThrough).ToList();
            return shown as ICollection<LogLineView> ?? shown.ToList();
        }
    }

    protected override object?[] DrawnFrom() => [Lines, Compact, Rows, _paused, _frozen, _clearedThrough];

    long LastNumber(IReadOnlyList<LogLineView> lines) => lines.Count == 0 ? 0 : lines[^1].Number;

    /// <summary>Lines that arrived while paused.</summary>
    long NewLines => _paused ? LastNumber(Lines) - Math.Max(LastNumber(_frozen), _clearedThrough) : 0;

    void TogglePause() => SetPaused(!_paused);

    void SetPaused(bool paused)
    {
        if (paused == _paused) return;
        _paused = paused;
        _frozen = paused ? Lines.ToList() : [];
    }

    void ClearView()
    {
        _clearedThrough = LastNumber(Lines);
        if (_paused) _frozen = [];
    }

    /// <summary>The reader scrolled away from the newest line (pause) or back to it (follow).</summary>
    [JSInvokable]
    public Task ReaderScrolled(bool atEnd)
    {
        if (atEnd == _paused)
        {
            SetPaused(!atEnd);
            StateHasChanged();
        }
        return Task.CompletedTask;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        try
        {
            // The compact console shows its last rows without a scrollbar: nothing to follow.
            if (firstRender && !Compact)
            {
                _module = await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Experiment/LogConsole.razor.js");
                _self = DotNetObjectReference.Create(this);
                _scrollWatch = await _module.InvokeAsync<IJSObjectReference>("watchScroll", _box, _self);
            }
        }
        catch (JSDisconnectedException) { }
        catch (TaskCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_scrollWatch is not null)
            {
                await _scrollWatch.InvokeVoidAsync("dispose");
                await _scrollWatch.DisposeAsync();
            }
            if (_module is not null) await _module.DisposeAsync();
        }
        catch (JSDisconnectedException) { }
        _self?.Dispose();
        GC.SuppressFinalize(this);
    }
}
