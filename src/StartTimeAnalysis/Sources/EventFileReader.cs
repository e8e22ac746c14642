using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ChaosDashboard.StartTimeAnalysis.Analysis;
using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimeAnalysis.Sources;

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
    internal const int MaxUnitBytes = 16 << 20;

    /// <summary>Enough of the file's start to see its first property name.</summary>
    private const int DetectionBytes = 4096;

    /// <summary>Each task event of the file as a sample, in file order.</summary>
    public static async IAsyncEnumerable<TaskStartSample> ReadAsync(
        string path, EventIntake intake, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        FileStream stream = OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            await foreach (ParsedBlock block in ReadBlocksAsync(stream, Path.GetFileName(path), intake, everyField: true, cancellationToken).ConfigureAwait(false))
            {
                for (int i = 0; i < block.Count; i++)
                {
                    yield return block.Observations[i].ToSample();
                }
            }
        }
    }

    /// <summary>Each task event of the stream as a sample, in stream order.</summary>
    public static async IAsyncEnumerable<TaskStartSample> ReadAsync(
        Stream stream, string sourceName, EventIntake intake, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (ParsedBlock block in ReadBlocksAsync(stream, sourceName, intake, everyField: true, cancellationToken).ConfigureAwait(false))
        {
            for (int i = 0; i < block.Count; i++)
            {
                yield return block.Observations[i].ToSample();
            }
        }
    }

    /// <summary>
    /// Reads the file into <paramref name="tasks"/>, the fast way: no object per event, JSON lines parsed on
    /// every core. The same tasks and counts as adding each sample of <see cref="ReadAsync(string, EventIntake, CancellationToken)"/>.
    /// </summary>
    public static async Task ReadIntoAsync(string path, EventIntake intake, TaskTable tasks, CancellationToken cancellationToken = default)
    {
        FileStream stream = OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            await ReadIntoAsync(stream, Path.GetFileName(path), intake, tasks, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the stream into <paramref name="tasks"/> (see the file form).</summary>
    public static async Task ReadIntoAsync(Stream stream, string sourceName, EventIntake intake, TaskTable tasks, CancellationToken cancellationToken = default)
    {
        // A JSON lines file is read by every core straight from its offsets; anything else as a stream.
        if (stream is FileStream { CanSeek: true } file && TryJsonLinesStart(file, out long start))
        {
            intake.Tally.AddSource(sourceName, JsonLinesKind);
            await JsonLinesFile.ReadIntoAsync(file.SafeFileHandle, start, sourceName, intake, tasks, cancellationToken).ConfigureAwait(false);
            file.Position = file.Length;
            return;
        }

        await foreach (ParsedBlock block in ReadBlocksAsync(stream, sourceName, intake, tasks.KeepsEveryField, cancellationToken).ConfigureAwait(false))
        {
            tasks.Add(block);
        }
    }

    /// <summary>
    /// Reads the stream into task tables (every field kept) of about <paramref name="windowTasks"/> tasks each,
    /// handing each one to <paramref name="saveWindow"/> when it is full, and the last at the end: a file of
    /// any size in bounded memory. A task whose events fall in two windows is in both. The table is emptied and
    /// filled again once <paramref name="saveWindow"/> has finished with it: its rows are reused, not reallocated.
    /// </summary>
    public static async Task ReadInWindowsAsync(
        Stream stream, string sourceName, EventIntake intake, int windowTasks, Func<TaskTable, Task> saveWindow,
        CancellationToken cancellationToken = default)
    {
        var window = new TaskTable(keepEveryField: true);
        await foreach (ParsedBlock block in ReadBlocksAsync(stream, sourceName, intake, everyField: true, cancellationToken).ConfigureAwait(false))
        {
            window.Add(block);
            if (window.TaskCount >= windowTasks)
            {
                await saveWindow(window).ConfigureAwait(false);
                window.Clear();
            }
        }

        await saveWindow(window).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether the file, from its current position, is JSON lines (not saved Logs output), as
    /// <see cref="ReadBlocksAsync"/> decides it; <paramref name="start"/> is where its first line starts (after a BOM).
    /// </summary>
    private static bool TryJsonLinesStart(FileStream file, out long start)
    {
        // What the stream's first read gives the detection: the first window of the file.
        start = file.Position;
        byte[] head = ArrayPool<byte>.Shared.Rent(InitialWindowBytes);
        try
        {
            int filled = RandomAccess.Read(file.SafeFileHandle, head.AsSpan(0, InitialWindowBytes), start);
            ReadOnlySpan<byte> data = head.AsSpan(0, filled);
            if (data.StartsWith("\uFEFF"u8))
            {
                data = data[3..];
                start += 3;
            }

            return !LooksLikeLogEventsOutput(data);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(head);
        }
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0, FileOptions.SequentialScan);

    /// <summary>
    /// The parsed blocks of the stream in stream order, each already counted in the intake's tally: JSON lines
    /// parsed on every core, CloudWatch Logs output page by page.
    /// </summary>
    internal static async IAsyncEnumerable<ParsedBlock> ReadBlocksAsync(
        Stream stream, string sourceName, EventIntake intake, bool everyField, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var window = new StreamWindow(stream, InitialWindowBytes, MaxUnitBytes);
        await window.FillAsync(DetectionBytes, cancellationToken).ConfigureAwait(false);
        if (window.Data.StartsWith("\uFEFF"u8))
        {
            window.Consume(3);
        }

        IAsyncEnumerable<ParsedBlock> blocks;
        if (LooksLikeLogEventsOutput(window.Data))
        {
            blocks = ReadLogEventsOutputAsync(window, sourceName, intake, cancellationToken);
        }
        else
        {
            intake.Tally.AddSource(sourceName, JsonLinesKind);
            blocks = JsonLinesBlocks.ReadAsync(stream, window.Data.ToArray(), sourceName, intake, everyField, cancellationToken);
        }

        await foreach (ParsedBlock block in blocks.ConfigureAwait(false))
        {
            yield return block;
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

    private static async IAsyncEnumerable<ParsedBlock> ReadLogEventsOutputAsync(
        StreamWindow window, string sourceName, EventIntake intake, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var state = new LogEventsOutputState(sourceName);
        var batch = new ParsedBlock();
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

                batch.CountInto(intake.Tally);
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
        ReadOnlySpan<byte> data, bool atEnd, LogEventsOutputState state, EventIntake intake, ParsedBlock batch)
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
    private static void AcceptLogEvent(ReadOnlySpan<byte> logEvent, LogEventsOutputState state, EventIntake intake, ParsedBlock batch)
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
            intake.Accept(state.MessageBuffer.AsSpan(0, length), position, batch);
            return;
        }

        batch.AddMalformed(position, "log event without a string message");
    }
}
