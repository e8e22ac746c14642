namespace ChaosDashboard.Components.Shared;

/// <summary>
/// MudBlazor's button look for a plain <c>button</c> element. A MudButton is a component of its own,
/// kept with its render trees by every open page; a button with these classes and an onclick looks and
/// acts the same, so the pages that hundreds of viewers keep open use it instead.
/// </summary>
public static class ButtonLook
{
    public const string FilledPrimary = Root + "mud-button-filled mud-button-filled-primary mud-button-filled-size-medium mud-ripple";
    public const string FilledError = Root + "mud-button-filled mud-button-filled-error mud-button-filled-size-medium mud-ripple";
    public const string Outlined = Root + "mud-button-outlined mud-button-outlined-default mud-button-outlined-size-medium mud-ripple";
    public const string OutlinedWarningSmall = Root + "mud-button-outlined mud-button-outlined-warning mud-button-outlined-size-small mud-ripple";
    public const string OutlinedSmall = Root + "mud-button-outlined mud-button-outlined-default mud-button-outlined-size-small mud-ripple";

    const string Root = "mud-button-root mud-button ";
}
