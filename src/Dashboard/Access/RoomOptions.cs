using ChaosDashboard.Configuration;

namespace ChaosDashboard.Access;

/// <summary>
/// The <c>Room:*</c> settings: how the dashboard behaves once people other than the operator can reach it.
/// </summary>
public sealed class RoomOptions : ISettingsSection
{
    /// <summary>A fixed operator token instead of a random one per start; reusable, so keep it secret.</summary>
    public string? OperatorToken { get; set; }

    /// <summary>The address the room opens (e.g. https://chaos.example.org); guessed from AllowedHosts when empty.</summary>
    public string? ViewerUrl { get; set; }

    /// <summary>Open viewer pages at once; the next viewer gets a "full" page, the operator always gets in.</summary>
    public int MaxViewers { get; set; } = 300;

    /// <summary>
    /// Open viewer pages from one client address (0: no bound), so one client cannot take the room's
    /// places. Generous, because a room behind one NAT shares an address; loopback clients (a local
    /// reverse proxy without forwarded headers) are not counted.
    /// </summary>
    public int MaxViewersPerClient { get; set; } = 100;

    /// <summary>Whether the presenter view shows the viewer address as a QR code in a corner.</summary>
    public bool PresenterQrCode { get; set; } = true;

    /// <summary>
    /// Viewers and the operator link even on loopback: for a reverse proxy on the same machine, where
    /// every request arrives from 127.0.0.1 and the dashboard cannot tell the room from its operator.
    /// </summary>
    public bool RequireOperatorLink { get; set; }

    public IReadOnlyList<string> Warnings { get; set; } = [];

    public const string Section = "Room";

    public static readonly NumberSetting[] Numbers =
    [
        new(nameof(MaxViewers), 1, 100_000), new(nameof(MaxViewersPerClient), 0, 100_000),
    ];

    public static RoomOptions Read(IConfiguration configuration) => SettingReader.Read<RoomOptions>(configuration, Section, Numbers);
}
