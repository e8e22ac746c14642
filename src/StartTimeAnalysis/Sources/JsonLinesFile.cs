using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using ChaosDashboard.StartTimeAnalysis.Analysis;
using Microsoft.Win32.SafeHandles;

namespace ChaosDashboard.StartTimeAnalysis.Sources;

/// <summary>
/// Reads a JSON lines file into a task table on every core, with no thread in between: one worker per core
/// reads the next block itself (cut at a line end, straight from the file at its offset), parses it, and then
/// merges into the table every parsed block whose turn has come, in file order. Counts, the first malformed
/// lines and each task's merge are those of a line-by-line read (the same cuts and line numbers as
/// <see cref="JsonLinesBlocks"/>); a few blocks at most wait for their turn, so memory does not grow with the file.
/// </summary>
internal sealed class JsonLinesFile
{
    /// <summary>Parsed blocks allowed to wait for their turn, per worker.</summary>
    private const int WaitingPerWorker = 2;

    private readonly SafeFileHandle _file;
    private readonly string _sourceName;
    private readonly EventIntake _intake;
    private readonly TaskTable _tasks;
    private readonly CancellationToken _cancellationToken;
    private readonly int _maxWaiting;

    // Cutting: where the next block starts, its number and its first line's number (under _cutLock).
    private readonly Lock _cutLock = new();
    private long _offset;
    private long _nextBlock;
    private long _nextLine = 1;

    // Merging: parsed blocks by number until their turn, and whether a worker is merging (under _mergeLock; one merges at a time).
    private readonly object _mergeLock = new();
    private readonly Dictionary<long, ParsedBlock> _parsed = [];
    private readonly Stack<ParsedBlock> _idle = new();
    private long _nextMerge;
    private bool _merging;
    private ExceptionDispatchInfo? _failure;

    private JsonLinesFile(SafeFileHandle file, long start, string sourceName, EventIntake intake, TaskTable tasks, CancellationToken cancellationToken)
    {
        _file = file;
        _offset = start;
        _sourceName = sourceName;
        _intake = intake;
        _tasks = tasks;
        _cancellationToken = cancellationToken;
        _maxWaiting = Math.Max(2, Environment.ProcessorCount) * WaitingPerWorker;
    }

    /// <summary>Reads from <paramref name="start"/> (a line start) to the end of the file into <paramref name="tasks"/>.</summary>
    public static async Task ReadIntoAsync(
        SafeFileHandle file, long start, string sourceName, EventIntake intake, TaskTable tasks, CancellationToken cancellationToken)
    {
        var reader = new JsonLinesFile(file, start, sourceName, intake, tasks, cancellationToken);
        int workers = Math.Max(1, Environment.ProcessorCount);
        var running = new Task[workers];
        for (int i = 0; i < workers; i++)
        {
            running[i] = Task.Factory.StartNew(reader.Work, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        try
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
        catch when (reader._failure is not null)
        {
        }

        reader._failure?.Throw();
    }

    /// <summary>One worker: cut a block, parse it, merge what is due; until the file ends or a worker fails.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Work()
    {
        MessageParser parser = _intake.NewParser(_tasks.KeepsEveryField);
        byte[] buffer = new byte[JsonLinesBlocks.BlockBytes];
        try
        {
            while (true)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                if (!WaitForRoom())
                {
                    return;
                }

                ParsedBlock block = TakeIdle();
                if (!TryCut(ref buffer, block, out long number, out int length, out long firstLine))
                {
                    Release(block);
                    return;
                }

                if (length > 0)
                {
                    JsonLinesBlocks.ParseLines(buffer.AsSpan(0, length), firstLine, _sourceName, parser, block);
                }

                // A grown buffer (a very long line) is not kept.
                if (buffer.Length > JsonLinesBlocks.BlockBytes)
                {
                    buffer = new byte[JsonLinesBlocks.BlockBytes];
                }

                MergeDue(number, block);
            }
        }
        catch (Exception ex)
        {
            lock (_mergeLock)
            {
                _failure ??= ExceptionDispatchInfo.Capture(ex);
                Monitor.PulseAll(_mergeLock);
            }

            throw;
        }
    }

    /// <summary>Waits while too many parsed blocks wait for their turn; false when another worker failed.</summary>
    private bool WaitForRoom()
    {
        lock (_mergeLock)
        {
            while (_failure is null && Volatile.Read(ref _nextBlock) - _nextMerge >= _maxWaiting)
            {
                Monitor.Wait(_mergeLock);
            }

            return _failure is null;
        }
    }

    /// <summary>
    /// Reads the next block into <paramref name="buffer"/> and cuts it after its last line end, as
    /// <see cref="JsonLinesBlocks"/> does: a line with no end within 16 MiB is one malformed line, passed over.
    /// False at the end of the file. <paramref name="length"/> is zero for such a passed-over line.
    /// </summary>
    private bool TryCut(ref byte[] buffer, ParsedBlock block, out long number, out int length, out long firstLine)
    {
        lock (_cutLock)
        {
            // The end is where a read returns nothing, not the length the file had when it was opened.
            (number, length, firstLine) = (0, 0, 0);
            while (true)
            {
                int read = ReadFully(buffer, _offset);
                bool atEnd = read < buffer.Length;
                int cut = atEnd ? read : buffer.AsSpan(0, read).LastIndexOf((byte)'\n') + 1;
                if (cut > 0)
                {
                    number = _nextBlock;
                    firstLine = _nextLine;
                    length = cut;
                    _nextLine += buffer.AsSpan(0, cut).Count((byte)'\n');
                    _offset += cut;
                    Volatile.Write(ref _nextBlock, _nextBlock + 1);
                    return true;
                }

                if (atEnd)
                {
                    return false;
                }

                if (buffer.Length < EventFileReader.MaxUnitBytes)
                {
                    buffer = new byte[Math.Min(EventFileReader.MaxUnitBytes, buffer.Length * 2)];
                    continue;
                }

                // A line longer than any event: reported in its place, then passed over up to its end.
                number = _nextBlock;
                block.AddMalformed(new InputPosition(_sourceName, "line", _nextLine++),
                    $"line longer than {EventFileReader.MaxUnitBytes >> 20} MiB, skipped");
                _offset = PastNextNewline(buffer, _offset + buffer.Length);
                Volatile.Write(ref _nextBlock, _nextBlock + 1);
                return true;
            }
        }
    }

    private int ReadFully(byte[] buffer, long offset)
    {
        int filled = 0;
        while (filled < buffer.Length)
        {
            int read = RandomAccess.Read(_file, buffer.AsSpan(filled), offset + filled);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }

    private long PastNextNewline(byte[] buffer, long offset)
    {
        while (true)
        {
            int read = RandomAccess.Read(_file, buffer, offset);
            if (read == 0)
            {
                return offset;
            }

            int newline = buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                return offset + newline + 1;
            }

            offset += read;
        }
    }

    /// <summary>
    /// Leaves the block for its turn, then merges every block whose turn has come, in file order, unless another
    /// worker is merging already: that one takes this block in its turn, and this worker goes on to parse the next.
    /// </summary>
    private void MergeDue(long number, ParsedBlock block)
    {
        lock (_mergeLock)
        {
            _parsed.Add(number, block);
            if (_merging)
            {
                return;
            }

            _merging = true;
        }

        while (true)
        {
            ParsedBlock? due;
            lock (_mergeLock)
            {
                // Checked and given up under the lock that adds blocks, so a block left now is never left unmerged.
                if (_failure is not null || !_parsed.Remove(_nextMerge, out due))
                {
                    _merging = false;
                    return;
                }
            }

            due.CountInto(_intake.Tally);
            _tasks.Add(due);
            due.Clear();
            lock (_mergeLock)
            {
                _idle.Push(due);
                _nextMerge++;
                Monitor.PulseAll(_mergeLock);
            }
        }
    }

    private ParsedBlock TakeIdle()
    {
        lock (_mergeLock)
        {
            return _idle.TryPop(out ParsedBlock? block) ? block : new ParsedBlock();
        }
    }

    private void Release(ParsedBlock block)
    {
        lock (_mergeLock)
        {
            _idle.Push(block);
        }
    }
}
