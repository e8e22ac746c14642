using Microsoft.AspNetCore.Components;

namespace ChaosDashboard.Components.Live;

/// <summary>
/// A card or control that shows parts of the live snapshot. Each frame hands it its parameters again
/// (they are objects, so Blazor cannot tell they are the same), but it draws only when something it
/// draws from changed. The snapshot's parts are immutable and kept by reference from one frame to the
/// next while unchanged, so the comparison is cheap: a new log line redraws the log and nothing else,
/// which at hundreds of open pages is the difference between one card and a whole page per frame each.
/// </summary>
public abstract class LivePart : ComponentBase
{
    object?[]? _drawn;

    /// <summary>
    /// Everything the component draws from: its parameters (or the parts of them it shows) and any state
    /// of its own that its events change. Immutable parts compare by reference, values by value.
    /// </summary>
    protected abstract object?[] DrawnFrom();

    protected override bool ShouldRender()
    {
        var now = DrawnFrom();
        if (_drawn is not null && Same(_drawn, now)) return false;
        _drawn = now;
        return true;
    }

    protected override void OnAfterRender(bool firstRender)
    {
        // The first render never asks ShouldRender: what it drew from is remembered here instead.
        if (firstRender) _drawn ??= DrawnFrom();
    }

    /// <summary>The same parts in the same places: each the same reference, or an equal value.</summary>
    protected static bool Same(object?[] before, object?[] now)
    {
        if (before.Length != now.Length) return false;
        for (var i = 0; i < now.Length; i++)
            if (!Equals(before[i], now[i])) return false;
        return true;
    }
}
