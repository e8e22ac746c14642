using System.Buffers;

namespace ChaosDashboard.StartTimeAnalysis.Sources;

/// <summary>
/// A growable window over a stream: the bytes read but not yet consumed. Reading in large chunks
/// and parsing straight from the window keeps a file's bytes from ever becoming strings.
/// </summary>
internal sealed class StreamWindow(Stream stream, int initialSize, int maxSize) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(initialSize);
    private int _start;
    private int _end;

    /// <summary>Bytes read and not yet consumed.</summary>
    public ReadOnlySpan<byte> Data => _buffer.AsSpan(_start, _end - _start);

    /// <summary>The stream has no more bytes: <see cref="Data"/> is all that is left.</summary>
    public bool AtEnd { get; private set; }

    /// <summary>Bytes consumed so far, for byte offsets in messages.</summary>
    public long Position { get; private set; }

    public void Consume(int count)
    {
        _start += count;
        Position += count;
    }

    /// <summary>
    /// Reads more bytes after the unconsumed ones, growing the window when it is full.
    /// False when the window is already at its largest and full: the caller has a unit too large to hold.
    /// </summary>
    public async ValueTask<bool> ReadMoreAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= maxSize)
            {
                return false;
            }

            byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Min(maxSize, _buffer.Length * 2));
            Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        int read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            AtEnd = true;
        }

        _end += read;
        return true;
    }

    /// <summary>Reads until at least <paramref name="count"/> bytes are waiting or the stream ends.</summary>
    public async ValueTask FillAsync(int count, CancellationToken cancellationToken)
    {
        while (!AtEnd && _end - _start < count && await ReadMoreAsync(cancellationToken).ConfigureAwait(false))
        {
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
