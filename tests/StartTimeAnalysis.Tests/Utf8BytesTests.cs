using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimeAnalysis.Tests;

/// <summary>
/// The event path's own byte searches give the framework's answers for every length and position, across
/// the boundaries of the 16- and 32-byte steps they take.
/// </summary>
public class Utf8BytesTests
{
    [Fact]
    public void A_line_ends_at_the_first_newline_wherever_it_is()
    {
        for (int length = 0; length <= 80; length++)
        {
            for (int newline = -1; newline < length; newline++)
            {
                byte[] data = Enumerable.Repeat((byte)'a', length).ToArray();
                if (newline >= 0)
                {
                    data[newline] = (byte)'\n';
                    // A second newline after the first must not be the answer.
                    if (newline + 3 < length)
                    {
                        data[newline + 3] = (byte)'\n';
                    }
                }

                Assert.Equal(data.AsSpan().IndexOf((byte)'\n'), Utf8Bytes.LineEnd(data, out bool ascii));
                Assert.True(ascii);
            }
        }
    }

    [Fact]
    public void A_line_is_ascii_unless_a_byte_of_its_own_is_not()
    {
        for (int length = 1; length <= 80; length++)
        {
            for (int newline = -1; newline < length; newline++)
            {
                for (int high = 0; high < length; high++)
                {
                    if (high == newline)
                    {
                        continue;
                    }

                    byte[] data = Enumerable.Repeat((byte)'{', length).ToArray();
                    if (newline >= 0)
                    {
                        data[newline] = (byte)'\n';
                    }

                    data[high] = 0xC3;
                    int end = Utf8Bytes.LineEnd(data, out bool ascii);
                    Assert.Equal(data.AsSpan().IndexOf((byte)'\n'), end);
                    // A byte past the newline belongs to the next line.
                    Assert.Equal(newline >= 0 && high > newline, ascii);
                }
            }
        }
    }

    [Theory]
    [InlineData("", true)]
    [InlineData(" \t\r", true)]
    [InlineData("   ", true)]
    [InlineData(" x ", false)]
    [InlineData("\n", false)]
    [InlineData("\u00a0", false)]
    public void Blank_lines_hold_only_spaces_tabs_and_carriage_returns(string line, bool blank)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(line);
        Assert.Equal(blank, Utf8Bytes.IsBlank(bytes));
        Assert.Equal(bytes.AsSpan().Trim(" \t\r"u8).IsEmpty, Utf8Bytes.IsBlank(bytes));
    }

    [Fact]
    public void Two_texts_are_the_same_exactly_when_every_byte_is()
    {
        for (int length = 0; length <= 40; length++)
        {
            byte[] a = Enumerable.Range(0, length).Select(i => (byte)('a' + (i % 26))).ToArray();
            Assert.True(Utf8Bytes.Same(a, a.ToArray()));
            Assert.False(Utf8Bytes.Same(a, a.Append((byte)'z').ToArray()));
            for (int differ = 0; differ < length; differ++)
            {
                byte[] b = a.ToArray();
                b[differ] ^= 0x20;
                Assert.False(Utf8Bytes.Same(a, b));
            }
        }
    }
}
