using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using ChaosDashboard.StartTimeAnalysis.Analysis;
using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimeAnalysis.Sources;

/// <summary>Streams the task events held in a CloudWatch Logs log group.</summary>
public static class LogGroupEventReader
{
    public const string LogGroupKind = "CloudWatch Logs log group";

    /// <summary>Reads the log group into <paramref name="tasks"/>, without an object per event.</summary>
    public static async Task ReadIntoAsync(
        ILogGroupReader reader, string logGroupName, DateTimeOffset? since, EventIntake intake, TaskTable tasks,
        CancellationToken cancellationToken = default)
    {
        intake.Tally.AddSource(logGroupName, LogGroupKind);
        var block = new ParsedBlock();
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

                int length = Encode(message, ref buffer);
                intake.Accept(buffer.AsSpan(0, length), new InputPosition(logGroupName, "message", messageNumber), block);
                if (block.Count + block.Malformed + block.OtherKinds + block.OtherClusters >= 1024)
                {
                    Flush();
                }
            }

            Flush();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        void Flush()
        {
            block.CountInto(intake.Tally);
            tasks.Add(block);
            block.Clear();
        }
    }

    private static int Encode(string message, ref byte[] buffer)
    {
        int maxBytes = Encoding.UTF8.GetMaxByteCount(message.Length);
        if (buffer.Length < maxBytes)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = ArrayPool<byte>.Shared.Rent(maxBytes);
        }

        return Encoding.UTF8.GetBytes(message, buffer);
    }

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
