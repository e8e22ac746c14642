using System.Text;
using System.Text.Encodings.Web;
using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimeAnalysis.Storage;

/// <summary>
/// The containers' JSON as the store keeps it, written by hand into a reused buffer: byte for byte what
/// <c>JsonSerializer</c> with web defaults writes (camelCase names, nulls included), for lists whose text
/// needs no escaping. Anything else (a character the serializer would escape, a null entry) is left to the
/// serializer.
/// </summary>
internal sealed class ContainersJsonWriter
{
    private byte[] _buffer = new byte[1024];
    private int _length;

    /// <summary>The JSON of <paramref name="containers"/>; false when the serializer must write it.</summary>
    public bool TryWrite(IReadOnlyList<ContainerImage> containers, out ReadOnlySpan<byte> json)
    {
        json = default;
        _length = 0;
        Append("["u8);
        for (int i = 0; i < containers.Count; i++)
        {
            if (containers[i] is not ContainerImage container)
            {
                return false;
            }

            Append(i == 0 ? "{\"name\":"u8 : ",{\"name\":"u8);
            if (!TryAppendString(container.Name))
            {
                return false;
            }

            Append(",\"image\":"u8);
            if (!TryAppendString(container.Image))
            {
                return false;
            }

            Append(",\"imageDigest\":"u8);
            if (!TryAppendString(container.ImageDigest))
            {
                return false;
            }

            Append("}"u8);
        }

        Append("]"u8);
        json = _buffer.AsSpan(0, _length);
        return true;
    }

    private bool TryAppendString(string? value)
    {
        if (value is null)
        {
            Append("null"u8);
            return true;
        }

        Reserve(Encoding.UTF8.GetMaxByteCount(value.Length) + 2);
        _buffer[_length] = (byte)'"';
        int written = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length + 1));
        if (JavaScriptEncoder.Default.FindFirstCharacterToEncodeUtf8(_buffer.AsSpan(_length + 1, written)) >= 0)
        {
            return false;
        }

        _length += written + 1;
        _buffer[_length++] = (byte)'"';
        return true;
    }

    private void Append(ReadOnlySpan<byte> text)
    {
        Reserve(text.Length);
        text.CopyTo(_buffer.AsSpan(_length));
        _length += text.Length;
    }

    private void Reserve(int more)
    {
        if (_length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }
    }
}
