namespace ChaosDashboard.Preflight;

public enum CheckStatus { Ok, Warning, Failed }

/// <summary>One thing checked before a workshop: what, how it went, and exactly what to change if not.</summary>
public sealed record PreflightCheck(string Name, CheckStatus Status, string Detail, string? Fix = null);
