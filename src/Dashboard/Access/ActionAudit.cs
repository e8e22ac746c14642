namespace ChaosDashboard.Access;

/// <summary>
/// Every action in the application log: when, by whom (the operator, or a viewer who was refused), what,
/// and how it ended. Never the operator token.
/// </summary>
public sealed class ActionAudit(ILogger<ActionAudit> logger, TimeProvider time)
{
    public void Done(string who, string action, string outcome) =>
        logger.LogInformation("Action at {Time:O}: {Who} {Action}: {Outcome}", time.GetUtcNow(), who, action, outcome);

    public void Refused(string who, string action, string why) =>
        logger.LogWarning("Action at {Time:O}: {Who} {Action}: refused, {Why}", time.GetUtcNow(), who, action, why);

    /// <summary>Who asked, as the log says it: "operator" or "viewer", with the client address when known.</summary>
    public static string Who(bool isOperator, string? client) =>
        (isOperator ? "operator" : "viewer") + (string.IsNullOrEmpty(client) ? "" : $" ({client})");
}
