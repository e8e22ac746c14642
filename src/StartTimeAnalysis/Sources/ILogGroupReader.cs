namespace ChaosDashboard.StartTimeAnalysis.Sources;

/// <summary>
/// Reads a CloudWatch Logs log group completely: every stream, every page. Implemented over the
/// Logs API elsewhere; <see cref="InMemoryLogGroupReader"/> stands in for it in tests and the sandbox.
/// </summary>
public interface ILogGroupReader
{
    /// <summary>
    /// Each log event's message, in any order (the analysis does not depend on order).
    /// </summary>
    /// <param name="logGroupName">E.g. <c>/ecs/cluster/events/default</c>.</param>
    /// <param name="since">Only events logged at or after this time; null for all.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    IAsyncEnumerable<string> ReadMessagesAsync(string logGroupName, DateTimeOffset? since, CancellationToken cancellationToken);
}
