using ChaosDashboard.Configuration;

namespace ChaosDashboard.Hardening;

/// <summary>The <c>Hardening:*</c> settings: how many actions a client may take, how large a body may be.</summary>
public sealed class HardeningOptions : ISettingsSection
{
    public const string Section = "Hardening";

    /// <summary>Actions per client and minute, over HTTP per client address and on a page per circuit.</summary>
    public int ActionsPerMinute { get; set; } = 60;

    /// <summary>The largest request body but for imports, which have bounds of their own.</summary>
    public int MaxRequestBodyKilobytes { get; set; } = 1024;

    public IReadOnlyList<string> Warnings { get; set; } = [];

    public static readonly NumberSetting[] Numbers =
    [
        new(nameof(ActionsPerMinute), 1, 100_000), new(nameof(MaxRequestBodyKilobytes), 1, 1024 * 1024),
    ];

    public static HardeningOptions Read(IConfiguration configuration) => SettingReader.Read<HardeningOptions>(configuration, Section, Numbers);

    public long MaxRequestBodyBytes => MaxRequestBodyKilobytes * 1024L;
}
