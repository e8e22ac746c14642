using System.Runtime.CompilerServices;

namespace ChaosDashboard.StartTimeAnalysis.Sources;

/// <summary>A log group held in memory: log group name → messages with the time they were logged.</summary>
public sealed class InMemoryLogGroupReader : ILogGroupReader
{
    private readonly Dictionary<string, List<(DateTimeOffset LoggedAt, string Message)>> _groups = new(StringComparer.Ordinal);

    /// <summary>Adds a message to a log group; returns this reader for chaining.</summary>
    public InMemoryLogGroupReader Add(string logGroupName, DateTimeOffset loggedAt, string message)
    {
        if (!_groups.TryGetValue(logGroupName, out var messages))
        {
            _groups[logGroupName] = messages = [];
        }

        messages.Add((loggedAt, message));
        return this;
    }

    /// <summary>How many times a read was started; lets tests check a group is read once.</summary>
    public int ReadCount { get; private set; }

    public async IAsyncEnumerable<string> ReadMessagesAsync(
        string logGroupName, DateTimeOffset? since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ReadCount++;

        // Complete asynchronously, as a reader over the network does, so callers are tested that way.
        await Task.Yield();
        if (!_groups.TryGetValue(logGroupName, out var messages))
        {
            // The real service answers ResourceNotFoundException; the reader reports it as such.
            throw new LogGroupNotFoundException(logGroupName);
        }

        foreach (var (loggedAt, message) in messages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (since is null || loggedAt >= since)
            {
                yield return message;
            }
        }
    }
}

/// <summary>The log group does not exist (CloudWatch Logs' ResourceNotFoundException).</summary>
public sealed class LogGroupNotFoundException(string logGroupName)
    : Exception($"log group {logGroupName} does not exist")
{
    public string LogGroupName { get; } = logGroupName;
}
