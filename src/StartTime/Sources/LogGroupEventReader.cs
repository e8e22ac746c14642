using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using ChaosDashboard.StartTime.Events;

namespace ChaosDashboard.StartTime.Sources;

/// <summary>Streams the task events held in a CloudWatch Logs log group.</summary>
public static class LogGroupEventReader
{
    public const string LogGroupKind = "CloudWatch Logs log group";

    public static async IAsyncEnumerable<TaskStartSample> ReadAsync(
        ILogGroupReader reader, string logGroupName, DateTimeOffset? since, EventIntake intake,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        intake.Tally.AddSource(logGroupName, LogGroupKind);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            long messageNumber = 0;
            await foreach (string message in reader.ReadMessagesAsync(logGroupName, since, cancellationToken).ConfigureAwait(false))
            {
                messageNumber++;
                if (string.IsNullOrWhiteSpace(message))
                {
                    continue;
                }

                int maxBytes = Encoding.UTF8.GetMaxByteCount(message.Length);
                if (buffer.Length < maxBytes)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(maxBytes);
                }

                int length = Encoding.UTF8.GetBytes(message, buffer);
                if (intake.TryAccept(buffer.AsSpan(0, length), new InputPosition(logGroupName, "message", messageNumber), out TaskStartSample sample))
                {
                    yield return sample;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
