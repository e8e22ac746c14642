using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ChaosDashboard.StartTime.Events;

namespace ChaosDashboard.StartTime.Sources;

/// <summary>
/// Streams the task events of a saved file, in either of the forms people keep them:
/// JSON lines (one EventBridge event per line), or the saved output of
/// <c>aws logs get-log-events</c> / <c>aws logs filter-log-events</c> (<c>{"events":[{"message":"&lt;event&gt;"…}]…}</c>,
/// several such documents one after another are fine too). The form is detected per file.
/// </summary>
public static class EventFileReader
{
    public const string JsonLinesKind = "JSON lines";
    public const string GetLogEventsKind = "get-log-events output";
    public const string FilterLogEventsKind = "filter-log-events output";
    public const string LogEventsKind = "CloudWatch Logs events output";

    private const int InitialWindowBytes = 1 << 20;

    /// <summary>Largest line or log event accepted; CloudWatch Logs itself caps an event at 1 MiB.</summary>
    private const int MaxUnitBytes = 16 << 20;

    /// <summary>Enough of the file's start to see its first property name.</summary>
    private const int DetectionBytes = 4096;

    public static async IAsyncEnumerable<TaskStartSample> ReadAsync(
        string path, EventIntake intake, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0, FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            await foreach (List<TaskStartSample> batch in ReadBatchesAsync(stream, Path.GetFileName(path), intake, cancellationToken).ConfigureAwait(false))
            {
                foreach (TaskStartSample sample in batch)
                {
                    yield return sample;
                }
            }
        }
    }

    public static async IAsyncEnumerable<TaskStartSample> ReadAsync(
        Stream stream, string sourceName, EventIntake intake, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (List<TaskStartSample> batch in ReadBatchesAsync(stream, sourceName, intake, cancellationToken).ConfigureAwait(false))
        {
            foreach (TaskStartSample sample in batch)
            {
                yield return sample;
            }
        }
    }

    /// <summary>
    /// The samples of each chunk of the file as one batch (the same list, refilled): a million events
    /// then cost a million steps of one async iterator, not of three nested ones.
    /// </summary>
    private static async IAsyncEnumerable<List<TaskStartSample>> ReadBatchesAsync(
        Stream stream, string sourceName, EventIntake intake, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var window = new StreamWindow(stream, InitialWindowBytes, MaxUnitBytes);
        await window.FillAsync(DetectionBytes, cancellationToken).ConfigureAwait(false);
        if (window.Data.StartsWith("\uFEFF"u8))
        {
            window.Consume(3);
        }

        var batch = new List<TaskStartSample>(1024);
        IAsyncEnumerable<List<TaskStartSample>> batches = LooksLikeLogEventsOutput(window.Data)
            ? ReadLogEventsOutputAsync(window, sourceName, intake, batch, cancellationToken)
            : ReadJsonLinesAsync(window, sourceName, intake, batch, cancellationToken);
        await foreach (List<TaskStartSample> filled in batches.ConfigureAwait(false))
        {
            yield return filled;
        }
    }

    /// <summary>True when the first property of the first object is one the Logs API answers with.</summary>
    internal static bool LooksLikeLogEventsOutput(ReadOnlySpan<byte> head)
    {
        var reader = new Utf8JsonReader(head, isFinalBlock: false, state: default);
        try
        {
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject
                   && reader.Read() && reader.TokenType == JsonTokenType.PropertyName
                   && (reader.ValueTextEquals("events"u8) || reader.ValueTextEquals("nextForwardToken"u8)
                       || reader.ValueTextEquals("nextBackwardToken"u8) || reader.ValueTextEquals("searchedLogStreams"u8)
                       || reader.ValueTextEquals("nextToken"u8));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static async IAsyncEnumerable<List<TaskStartSample>> ReadJsonLinesAsync(
        StreamWindow window, string sourceName, EventIntake intake, List<TaskStartSample> batch,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        intake.Tally.AddSource(sourceName, JsonLinesKind);
        long lineNumber = 0;
        bool skippingLongLine = false;
        while (true)
        {
            batch.Clear();
            if (skippingLongLine)
            {
                int newline = window.Data.IndexOf((byte)'\n');
                skippingLongLine = newline < 0;
                window.Consume(newline < 0 ? window.Data.Length : newline + 1);
            }

            if (!skippingLongLine)
            {
                window.Consume(ParseLines(window.Data, window.AtEnd, sourceName, intake, ref lineNumber, batch));
            }

            yield return batch;

            if (window.AtEnd)
            {
                yield break;
            }

            if (!await window.ReadMoreAsync(cancellationToken).ConfigureAwait(false))
            {
                lineNumber++;
                intake.Tally.CountMalformed(
                    new InputPosition(sourceName, "line", lineNumber), $"line longer than {MaxUnitBytes >> 20} MiB, skipped");
                window.Consume(window.Data.Length);
                skippingLongLine = true;
            }
        }
    }

    /// <summary>Parses the complete lines in <paramref name="data"/> (and the last one at the end); returns bytes used.</summary>
    private static int ParseLines(
        ReadOnlySpan<byte> data, bool atEnd, string sourceName, EventIntake intake, ref long lineNumber, List<TaskStartSample> batch)
    {
        int consumed = 0;
        while (consumed < data.Length)
        {
            ReadOnlySpan<byte> rest = data[consumed..];
            int newline = rest.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line;
            if (newline >= 0)
            {
                line = rest[..newline];
                consumed += newline + 1;
            }
            else if (atEnd)
            {
                line = rest;
                consumed = data.Length;
            }
            else
            {
                break;
            }

            lineNumber++;
            if (line.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }

            if (intake.TryAccept(line, new InputPosition(sourceName, "line", lineNumber), out TaskStartSample sample))
            {
                batch.Add(sample);
            }
        }

        return consumed;
    }

    private static async IAsyncEnumerable<List<TaskStartSample>> ReadLogEventsOutputAsync(
        StreamWindow window, string sourceName, EventIntake intake, List<TaskStartSample> batch,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var state = new LogEventsOutputState(sourceName);
        try
        {
            while (true)
            {
                batch.Clear();
                string? fatal = null;
                try
                {
                    window.Consume(ParseLogEventsOutput(window.Data, window.AtEnd, state, intake, batch));
                }
                catch (JsonException ex)
                {
                    fatal = "CloudWatch Logs output is not valid JSON: " + ex.Message.Split(" LineNumber:")[0];
                }
                catch (FormatException ex)
                {
                    fatal = ex.Message;
                }

                yield return batch;

                if (fatal is not null)
                {
                    // The document's structure is lost from here on: what was read so far still counts.
                    intake.Tally.CountMalformed(new InputPosition(sourceName, "byte", window.Position), fatal + "; rest of file skipped");
                    yield break;
                }

                if (window.AtEnd)
                {
                    yield break;
                }

                if (!await window.ReadMoreAsync(cancellationToken).ConfigureAwait(false))
                {
                    intake.Tally.CountMalformed(
                        new InputPosition(sourceName, "event", state.EventNumber + 1),
                        $"log event larger than {MaxUnitBytes >> 20} MiB; rest of file skipped");
                    yield break;
                }
            }
        }
        finally
        {
            state.ReturnBuffer();
            intake.Tally.AddSource(sourceName, state.Kind);
        }
    }

    /// <summary>Where the reader is inside a Logs API output between two chunks of the file.</summary>
    private sealed class LogEventsOutputState(string sourceName)
    {
        public string SourceName { get; } = sourceName;
        public JsonReaderState ReaderState { get; set; } = new(new JsonReaderOptions { AllowMultipleValues = true });
        public Place Place { get; set; } = Place.BetweenDocuments;
        public long EventNumber { get; set; }
        public bool SawForwardToken { get; set; }
        public bool SawSearchedLogStreams { get; set; }
        public byte[] MessageBuffer { get; set; } = ArrayPool<byte>.Shared.Rent(16 * 1024);

        public string Kind => SawForwardToken ? GetLogEventsKind : SawSearchedLogStreams ? FilterLogEventsKind : LogEventsKind;

        public void ReturnBuffer()
        {
            ArrayPool<byte>.Shared.Return(MessageBuffer);
            MessageBuffer = [];
        }
    }

    private enum Place { BetweenDocuments, InDocument, InEventsArray }

    /// <summary>
    /// Walks the output's structure as far as the data goes; returns the bytes fully handled.
    /// Only whole log events are handled: one cut by the chunk's end is read again with the next chunk.
    /// </summary>
    private static int ParseLogEventsOutput(
        ReadOnlySpan<byte> data, bool atEnd, LogEventsOutputState state, EventIntake intake, List<TaskStartSample> batch)
    {
        var reader = new Utf8JsonReader(data, atEnd, state.ReaderState);
        int handled = 0;
        while (true)
        {
            if (!reader.Read())
            {
                break;
            }

            if (state.Place == Place.BetweenDocuments)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new FormatException("expected a CloudWatch Logs output object");
                }

                state.Place = Place.InDocument;
            }
            else if (state.Place == Place.InDocument)
            {
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    state.Place = Place.BetweenDocuments;
                }
                else
                {
                    bool isEvents = reader.ValueTextEquals("events"u8);
                    state.SawForwardToken |= reader.ValueTextEquals("nextForwardToken"u8);
                    state.SawSearchedLogStreams |= reader.ValueTextEquals("searchedLogStreams"u8);

                    // The property name and its value are handled together, or both again next time.
                    if (!reader.Read())
                    {
                        break;
                    }

                    if (isEvents && reader.TokenType == JsonTokenType.StartArray)
                    {
                        state.Place = Place.InEventsArray;
                    }
                    else if (!reader.TrySkip())
                    {
                        break;
                    }
                }
            }
            else if (reader.TokenType == JsonTokenType.EndArray)
            {
                state.Place = Place.InDocument;
            }
            else
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new FormatException("events[] holds something other than log event objects");
                }

                int start = (int)reader.TokenStartIndex;
                if (!reader.TrySkip())
                {
                    break;
                }

                state.EventNumber++;
                AcceptLogEvent(data[start..(int)reader.BytesConsumed], state, intake, batch);
            }

            handled = (int)reader.BytesConsumed;
            state.ReaderState = reader.CurrentState;
        }

        return handled;
    }

    /// <summary>Takes a log event object (<c>{"timestamp":…,"message":"…",…}</c>) and feeds its message to the intake.</summary>
    private static void AcceptLogEvent(ReadOnlySpan<byte> logEvent, LogEventsOutputState state, EventIntake intake, List<TaskStartSample> batch)
    {
        var position = new InputPosition(state.SourceName, "event", state.EventNumber);
        var reader = new Utf8JsonReader(logEvent);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isMessage = reader.ValueTextEquals("message"u8);
            reader.Read();
            if (!isMessage)
            {
                reader.Skip();
                continue;
            }

            if (reader.TokenType != JsonTokenType.String)
            {
                break;
            }

            // The message is JSON inside a JSON string: unescape it into reusable bytes, then parse.
            if (state.MessageBuffer.Length < reader.ValueSpan.Length)
            {
                ArrayPool<byte>.Shared.Return(state.MessageBuffer);
                state.MessageBuffer = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
            }

            int length = reader.CopyString(state.MessageBuffer);
            if (intake.TryAccept(state.MessageBuffer.AsSpan(0, length), position, out TaskStartSample sample))
            {
                batch.Add(sample);
            }

            return;
        }

        intake.Tally.CountMalformed(position, "log event without a string message");
    }
}
