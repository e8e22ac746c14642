using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimeAnalysis.Sources;

/// <summary>
/// Parses a JSON lines stream on every core: the stream is read in blocks cut at line ends, each block
/// is parsed on the thread pool by its own <see cref="MessageParser"/>, and the parsed blocks come back
/// in file order, so counts, the first malformed lines and the merge of each task's events are exactly
/// those of a line-by-line read. At most a few blocks are in flight: memory does not grow with the file.
/// </summary>
internal static class JsonLinesBlocks
{
    /// <summary>Bytes read per block; a longer line grows its block up to <see cref="EventFileReader.MaxUnitBytes"/>.</summary>
    public const int BlockBytes = 1 << 20;

    public static async IAsyncEnumerable<ParsedBlock> ReadAsync(
        Stream stream, ReadOnlyMemory<byte> head, string sourceName, EventIntake intake, bool everyField,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        int maxInFlight = Math.Max(2, Environment.ProcessorCount * 2);
        var parsers = new ConcurrentBag<MessageParser>();
        var blocks = new ConcurrentBag<ParsedBlock>();
        // Buffers of this read only, never more than those in flight plus two: a shared pool would keep more.
        var buffers = new ConcurrentBag<byte[]>();
        var inFlight = new Queue<Task<ParsedBlock>>();
        byte[] buffer = head.Length <= BlockBytes ? new byte[BlockBytes] : new byte[head.Length];
        head.CopyTo(buffer);
        int filled = head.Length;
        bool atEnd = false;
        long nextLine = 1;
        try
        {
            while (true)
            {
                while (filled < buffer.Length && !atEnd)
                {
                    int read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                    atEnd = read == 0;
                    filled += read;
                }

                int cut = atEnd ? filled : buffer.AsSpan(0, filled).LastIndexOf((byte)'\n') + 1;
                if (cut == 0 && !atEnd)
                {
                    if (buffer.Length < EventFileReader.MaxUnitBytes)
                    {
                        byte[] larger = new byte[Math.Min(EventFileReader.MaxUnitBytes, buffer.Length * 2)];
                        buffer.AsSpan(0, filled).CopyTo(larger);
                        buffer = larger;
                        continue;
                    }

                    // A line longer than any event: reported in its place, then passed over up to its end.
                    ParsedBlock tooLong = blocks.TryTake(out ParsedBlock? reused) ? reused : new ParsedBlock();
                    tooLong.AddMalformed(new InputPosition(sourceName, "line", nextLine++),
                        $"line longer than {EventFileReader.MaxUnitBytes >> 20} MiB, skipped");
                    inFlight.Enqueue(Task.FromResult(tooLong));
                    (filled, atEnd) = await SkipPastNewlineAsync(stream, buffer, cancellationToken).ConfigureAwait(false);
                }
                else if (cut > 0)
                {
                    int tail = filled - cut;
                    byte[] next = tail <= BlockBytes / 2 && buffers.TryTake(out byte[]? idle) ? idle : new byte[Math.Max(BlockBytes, tail * 2)];
                    buffer.AsSpan(cut, tail).CopyTo(next);
                    long firstLine = nextLine;
                    nextLine += buffer.AsSpan(0, cut).Count((byte)'\n');
                    byte[] block = buffer;
                    inFlight.Enqueue(Task.Run(() => Parse(block, cut, firstLine, sourceName, intake, everyField, parsers, blocks, buffers), cancellationToken));
                    buffer = next;
                    filled = tail;
                }

                while (inFlight.Count >= maxInFlight || (atEnd && filled == 0 && inFlight.Count > 0))
                {
                    ParsedBlock parsed = await inFlight.Dequeue().ConfigureAwait(false);
                    parsed.CountInto(intake.Tally);
                    yield return parsed;
                    parsed.Clear();
                    blocks.Add(parsed);
                }

                if (atEnd && filled == 0)
                {
                    yield break;
                }
            }
        }
        finally
        {
            // A reader that stops early (cancelled, or a consumer that failed) lets the blocks in flight finish
            // first: they hand their buffers back themselves.
            while (inFlight.Count > 0)
            {
                try
                {
                    await inFlight.Dequeue().ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ParsedBlock Parse(
        byte[] buffer, int length, long firstLine, string sourceName, EventIntake intake, bool everyField,
        ConcurrentBag<MessageParser> parsers, ConcurrentBag<ParsedBlock> blocks, ConcurrentBag<byte[]> buffers)
    {
        MessageParser parser = parsers.TryTake(out MessageParser? idle) ? idle : intake.NewParser(everyField);
        ParsedBlock block = blocks.TryTake(out ParsedBlock? reused) ? reused : new ParsedBlock();
        try
        {
            ParseLines(buffer.AsSpan(0, length), firstLine, sourceName, parser, block);
            return block;
        }
        finally
        {
            // Grown buffers (a very long line) are not kept.
            if (buffer.Length == BlockBytes)
            {
                buffers.Add(buffer);
            }

            parsers.Add(parser);
        }
    }

    /// <summary>Each line of <paramref name="data"/> (whole lines; the first numbered <paramref name="firstLine"/>), blank ones passed over.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ParseLines(ReadOnlySpan<byte> data, long firstLine, string sourceName, MessageParser parser, ParsedBlock block)
    {
        long lineNumber = firstLine;
        while (!data.IsEmpty)
        {
            int newline = Utf8Bytes.LineEnd(data, out bool ascii);
            ReadOnlySpan<byte> line = newline < 0 ? data : data[..newline];
            data = newline < 0 ? default : data[(newline + 1)..];
            if (!Utf8Bytes.IsBlank(line))
            {
                var position = new InputPosition(sourceName, "line", lineNumber);
                if (ascii)
                {
                    parser.AcceptValidUtf8(line, position, block);
                }
                else
                {
                    parser.Accept(line, position, block);
                }
            }

            lineNumber++;
        }
    }

    /// <summary>Reads on until the end of the current line; what follows it is moved to the buffer's start.</summary>
    private static async Task<(int Filled, bool AtEnd)> SkipPastNewlineAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            int read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return (0, true);
            }

            int newline = buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                int rest = read - newline - 1;
                buffer.AsSpan(newline + 1, rest).CopyTo(buffer);
                return (rest, false);
            }
        }
    }
}
