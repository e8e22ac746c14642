using System.Globalization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChaosDashboard.Configuration;

/// <summary>A numeric setting and the range in which it can work.</summary>
public sealed record NumberSetting(string Key, double Min, double Max);

/// <summary>
/// Binds a section of settings onto its options object, the one way every section is read. A number
/// that does not parse or is out of range is corrected to the option's default with a warning (for the
/// page and the log), rather than stopping the dashboard or, say, polling AWS in a tight loop.
/// </summary>
public static class SettingReader
{
    public static void Bind<T>(IConfigurationSection section, T options, IReadOnlyList<NumberSetting> numbers, ICollection<string> warnings)
        where T : class
    {
        var rest = section.AsEnumerable(makePathsRelative: true)
            .Where(kv => kv.Value is not null && !numbers.Any(n => string.Equals(n.Key, kv.Key, StringComparison.OrdinalIgnoreCase)));
        try
        {
            new ConfigurationBuilder().AddInMemoryCollection(rest).Build().Bind(options);
        }
        catch (InvalidOperationException e) when (e.InnerException is ArgumentException or FormatException)
        {
            // The binder's own message names the value and the .NET type; say it as a setting instead.
            throw new InvalidSettingException($"A setting under {section.Path} cannot be read: {e.Message.Replace("System.", "")}");
        }

        foreach (var number in numbers)
        {
            var property = typeof(T).GetProperty(number.Key) ?? throw new InvalidOperationException($"{typeof(T).Name} has no setting {number.Key}.");
            var fallback = Convert.ToDouble(property.GetValue(options), CultureInfo.InvariantCulture);
            var value = Number(section, number, fallback, warnings);
            property.SetValue(options, property.PropertyType == typeof(int) ? (object)(int)value : value);
        }
    }

    /// <summary>Reads a section for a command that runs without the web host.</summary>
    public static T Read<T>(IConfiguration configuration, string section, IReadOnlyList<NumberSetting> numbers) where T : class, ISettingsSection, new()
    {
        var options = new T();
        Into(configuration, section, numbers, options);
        return options;
    }

    /// <summary>Binds the section onto <paramref name="options"/> and sets its warnings.</summary>
    public static void Into<T>(IConfiguration configuration, string section, IReadOnlyList<NumberSetting> numbers, T options) where T : class, ISettingsSection
    {
        var warnings = new List<string>();
        Bind(configuration.GetSection(section), options, numbers, warnings);
        options.Warnings = warnings;
    }

    public static double Number(IConfigurationSection section, NumberSetting setting, double fallback, ICollection<string> warnings)
    {
        var text = section[setting.Key];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && value >= setting.Min && value <= setting.Max)
            return value;
        warnings.Add($"Setting {section.Path}:{setting.Key} = \"{text}\" is not a number from {Format(setting.Min)} to {Format(setting.Max)}; using {Format(fallback)}.");
        return fallback;
    }

    static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Options of one section of settings: its corrected values are listed for the page.</summary>
public interface ISettingsSection
{
    IReadOnlyList<string> Warnings { get; set; }
}

public static class SettingsServices
{
    /// <summary>
    /// Binds a section once, through the options pattern, read and checked at start (ValidateOnStart), and
    /// registers the options object itself for the services that take it and for the start-up log of warnings.
    /// </summary>
    public static IServiceCollection AddSettingsSection<T>(this IServiceCollection services, string section, IReadOnlyList<NumberSetting> numbers)
        where T : class, ISettingsSection, new()
    {
        services.AddOptions<T>()
            .Configure<IConfiguration>((options, configuration) => SettingReader.Into(configuration, section, numbers, options))
            .ValidateOnStart();
        return services.AddSectionObject<T>();
    }

    /// <summary>
    /// Registers a section that was read while services were being registered, because what is
    /// registered depends on it (AWS mode registers different services when its settings cannot work).
    /// </summary>
    public static IServiceCollection AddSettingsSection<T>(this IServiceCollection services, T options)
        where T : class, ISettingsSection
    {
        services.AddSingleton(Options.Create(options));
        return services.AddSectionObject<T>();
    }

    static IServiceCollection AddSectionObject<T>(this IServiceCollection services) where T : class, ISettingsSection
    {
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        services.AddSingleton<ISettingsSection>(sp => sp.GetRequiredService<T>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SettingWarningsLog>());
        return services;
    }
}
