using MudBlazor;

namespace ChaosDashboard.Components.Layout;

/// <summary>Dark, high-contrast and large enough to read from the back of a room on a projector.</summary>
public static class DashboardTheme
{
    public const string Font = "\"DejaVu Sans\", \"Segoe UI\", system-ui, sans-serif";
    public const string Mono = "\"DejaVu Sans Mono\", ui-monospace, monospace";

    public static readonly MudTheme Theme = new()
    {
        PaletteDark = new PaletteDark
        {
            Black = "#09101a",
            Background = "#0d1520",
            Surface = "#152233",
            AppbarBackground = "#09101a",
            DrawerBackground = "#09101a",
            TextPrimary = "#eef3f8",
            TextSecondary = "#b8c6d4",
            ActionDefault = "#eef3f8",
            ActionDisabled = "#8a99aa",
            ActionDisabledBackground = "#223244",
            LinesDefault = "#2a3a4d",
            TableLines = "#2a3a4d",
            Divider = "#2a3a4d",
            Primary = "#2f7fb8",
            PrimaryContrastText = "#ffffff",
            Secondary = "#4cc9f0",
            Info = "#4cc9f0",
            Success = "#3ddc84",
            SuccessContrastText = "#06210f",
            Warning = "#ffb020",
            WarningContrastText = "#1f1400",
            Error = "#ff5c5c",
            ErrorContrastText = "#ffffff",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = [Font], FontSize = "1.0625rem", LineHeight = "1.4" },
            H6 = new H6Typography { FontFamily = [Font], FontSize = "1.2rem", FontWeight = "700" },
            Button = new ButtonTypography { FontFamily = [Font], FontSize = "1rem", TextTransform = "none", FontWeight = "600" },
            Body1 = new Body1Typography { FontFamily = [Font], FontSize = "1.0625rem" },
            Body2 = new Body2Typography { FontFamily = [Font], FontSize = "1rem" },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px" },
    };
}
