using ChaosDashboard.Access;
using ChaosDashboard.Configuration;
using ChaosDashboard.Hardening;
using ChaosDashboard.Sandbox;
using ChaosDashboard.StartTimes;
using ChaosDashboard.Tests.StartTimes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChaosDashboard.Tests;

/// <summary>Settings are read once per section, corrected with a warning where they can be, refused where they cannot.</summary>
public class SettingsTests
{
    static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Theory]
    [InlineData(null, DashboardMode.Sandbox)]
    [InlineData("", DashboardMode.Sandbox)]
    [InlineData(" Sandbox ", DashboardMode.Sandbox)]
    [InlineData("AWS", DashboardMode.Aws)]
    public void The_mode_is_sandbox_or_aws(string? text, DashboardMode expected)
    {
        var configuration = text is null ? Config() : Config(("Dashboard:Mode", text));
        Assert.Equal(expected, DashboardModeSetting.Read(configuration));
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("1")]
    [InlineData("sandbox,aws")]
    public void Any_other_mode_is_an_error_naming_the_setting(string text)
    {
        var error = Assert.Throws<InvalidSettingException>(() => DashboardModeSetting.Read(Config(("Dashboard:Mode", text))));
        Assert.Equal($"Setting Dashboard:Mode = \"{text}\" is not a mode: use sandbox or aws.", error.Message);
    }

    [Fact]
    public void A_number_out_of_range_keeps_its_default_with_a_warning_and_the_rest_binds()
    {
        var options = SettingReader.Read<SandboxOptions>(
            Config(("Sandbox:TimeScale", "0"), ("Sandbox:BatchSize", "12"), ("Sandbox:ItemIntervalSeconds", "soon")),
            SandboxOptions.Section, SandboxOptions.Numbers);

        Assert.Equal(15, options.TimeScale);
        Assert.Equal(12, options.BatchSize);
        Assert.Equal(30, options.ItemIntervalSeconds);
        Assert.Equal(
            ["Setting Sandbox:TimeScale = \"0\" is not a number from 0.01 to 10000; using 15.",
             "Setting Sandbox:ItemIntervalSeconds = \"soon\" is not a number from 0.001 to 3600; using 30."],
            options.Warnings);
    }

    [Fact]
    public void A_room_or_hardening_number_that_cannot_work_keeps_its_default_with_a_warning()
    {
        var room = RoomOptions.Read(Config(("Room:MaxViewers", "-5"), ("Room:MaxViewersPerClient", "7")));
        var hardening = HardeningOptions.Read(Config(("Hardening:ActionsPerMinute", "x")));

        Assert.Equal(300, room.MaxViewers);
        Assert.Equal(7, room.MaxViewersPerClient);
        Assert.Equal(["Setting Room:MaxViewers = \"-5\" is not a number from 1 to 100000; using 300."], room.Warnings);
        Assert.Equal(60, hardening.ActionsPerMinute);
        Assert.Single(hardening.Warnings);
    }

    [Fact]
    public void A_switch_that_is_neither_true_nor_false_is_an_error_naming_the_setting()
    {
        var error = Assert.Throws<InvalidSettingException>(() => RoomOptions.Read(Config(("Room:PresenterQrCode", "maybe"))));
        Assert.StartsWith("A setting under Room cannot be read:", error.Message);
        Assert.Contains("'maybe'", error.Message);
        Assert.Contains("PresenterQrCode", error.Message);
    }

    [Fact]
    public void A_blank_database_setting_keeps_the_default_file()
    {
        var options = SettingReader.Read<StartTimeOptions>(Config(("StartTimes:Database", "  ")), StartTimeOptions.Section, StartTimeOptions.Numbers);
        Assert.Equal(StartTimeOptions.DefaultDatabasePath(), options.Database);
    }

    [Fact]
    public async Task Corrected_settings_are_written_to_the_log_at_start()
    {
        var logs = new ListLoggerProvider();
        using var folder = new TempFolder();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("Sandbox:TimeScale", "0")
            .UseSetting("StartTimes:RefreshSeconds", "soon")
            .UseSetting("StartTimes:Database", folder.File("st.db"))
            .ConfigureLogging(l => l.AddProvider(logs)));
        factory.CreateClient();

        Assert.Contains(logs.Messages, m => m == (LogLevel.Warning, "Setting Sandbox:TimeScale = \"0\" is not a number from 0.01 to 10000; using 15."));
        Assert.Contains(logs.Messages, m => m.Level == LogLevel.Warning && m.Text.StartsWith("Setting StartTimes:RefreshSeconds = \"soon\""));
        // The page shows the same warning.
        Assert.Contains("Setting Sandbox:TimeScale", string.Join(" ", factory.Services.GetRequiredService<SandboxOptions>().Warnings));
    }

    sealed class ListLoggerProvider : ILoggerProvider
    {
        readonly List<(LogLevel Level, string Text)> _messages = [];

        public IReadOnlyList<(LogLevel Level, string Text)> Messages
        {
            get { lock (_messages) return [.. _messages]; }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this);
        public void Dispose() { }

        sealed class Logger(ListLoggerProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (provider._messages) provider._messages.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
