namespace ChaosDashboard.Configuration;

/// <summary>What the dashboard runs on: the in-process sandbox or a real AWS account.</summary>
public enum DashboardMode
{
    Sandbox,
    Aws,
}

/// <summary>A setting that cannot work: the dashboard does not start, and says which setting and what it accepts.</summary>
public sealed class InvalidSettingException(string message) : Exception(message);

public static class DashboardModeSetting
{
    public const string Key = "Dashboard:Mode";

    /// <summary>
    /// <c>Dashboard:Mode</c>: <c>sandbox</c> (also when unset) or <c>aws</c>, in any case. Anything else,
    /// numbers included, is an error: a typo must not quietly run the sandbox in front of a room.
    /// </summary>
    public static DashboardMode Read(IConfiguration configuration)
    {
        var text = configuration[Key]?.Trim();
        if (string.IsNullOrEmpty(text) || text.Equals("sandbox", StringComparison.OrdinalIgnoreCase)) return DashboardMode.Sandbox;
        if (text.Equals("aws", StringComparison.OrdinalIgnoreCase)) return DashboardMode.Aws;
        throw new InvalidSettingException($"Setting {Key} = \"{text}\" is not a mode: use sandbox or aws.");
    }

    /// <summary>The mode's name as settings and pages spell it.</summary>
    public static string Name(this DashboardMode mode) => mode == DashboardMode.Aws ? "aws" : "sandbox";
}
