namespace ChaosDashboard.Configuration;

/// <summary>
/// Writes every corrected setting to the application log at start. The pages show them too; the log
/// tells an operator who runs the dashboard without a browser open.
/// </summary>
public sealed class SettingWarningsLog(IEnumerable<ISettingsSection> sections, ILogger<SettingWarningsLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var warning in sections.SelectMany(s => s.Warnings)) logger.LogWarning("{Warning}", warning);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
