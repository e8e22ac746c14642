using System.Text;
using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimeAnalysis.Tests;

/// <summary>
/// A task ARN's id is kept as a number only when it is 32 lowercase hex digits, read sixteen at a time; every
/// other id is kept as its text, so two ARNs are equal exactly when their keys are.
/// </summary>
public class TaskKeyTests
{
    private const string Prefix = "arn:aws:ecs:us-east-1:111122223333:task/chaos/";

    private static TaskKey FromBytes(string arn) => TaskKey.From(Encoding.UTF8.GetBytes(arn), bytes => Encoding.UTF8.GetString(bytes));

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("fedcba9876543210fedcba9876543210")]
    [InlineData("00000000000000000000000000000000")]
    [InlineData("ffffffffffffffffffffffffffffffff")]
    [InlineData("62e168ff4199ea1fb201b061b1380d3c")]
    public void Lowercase_hex_ids_are_numbers_that_give_their_text_back(string id)
    {
        TaskKey key = FromBytes(Prefix + id);

        Assert.Null(key.IdText);
        Assert.Equal(id, key.HexText());
        Assert.Equal(Prefix + id, key.ToArn());
        Assert.Equal(UInt128.Parse(id, System.Globalization.NumberStyles.HexNumber), key.HexId);
        Assert.Equal(TaskKey.From(Prefix + id, text => text), key);
    }

    [Fact]
    public void Every_digit_in_every_place_reads_as_its_value()
    {
        const string digits = "0123456789abcdef";
        for (int place = 0; place < TaskKey.HexIdLength; place++)
        {
            foreach (char digit in digits)
            {
                string id = new string('0', place) + digit + new string('0', TaskKey.HexIdLength - place - 1);
                TaskKey key = FromBytes(Prefix + id);

                Assert.Null(key.IdText);
                Assert.Equal((UInt128)digits.IndexOf(digit) << (4 * (TaskKey.HexIdLength - 1 - place)), key.HexId);
            }
        }
    }

    [Fact]
    public void Any_other_character_in_any_place_keeps_the_id_as_text()
    {
        // The neighbours of the digit and letter ranges, uppercase (ARNs are case-sensitive) and bytes above ASCII.
        char[] others = ['.', ':', '`', 'g', '@', 'A', 'F', 'G', ' ', 'z', '\u00e9'];
        for (int place = 0; place < TaskKey.HexIdLength; place++)
        {
            foreach (char other in others)
            {
                string id = new string('a', place) + other + new string('b', TaskKey.HexIdLength - place - 1);
                TaskKey key = FromBytes(Prefix + id);

                Assert.Equal(id, key.IdText);
                Assert.Equal(Prefix + id, key.ToArn());
            }
        }
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcde")]
    [InlineData("0123456789abcdef0123456789abcdef0")]
    [InlineData("short")]
    [InlineData("")]
    public void Ids_of_another_length_are_text(string id)
    {
        TaskKey key = FromBytes(Prefix + id);

        Assert.Equal(id, key.IdText);
        Assert.Equal(Prefix + id, key.ToArn());
    }
}
