using System.Text;
using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.StartTimeAnalysis.Tests;

public class EcsTimestampTests
{
    [Theory]
    [InlineData("2023-03-03T11:24:44Z", 0)]
    [InlineData("2023-03-03T11:24:44.1Z", 100)]
    [InlineData("2023-03-03T11:24:44.19Z", 190)]
    [InlineData("2023-03-03T11:24:44.877Z", 877)]
    [InlineData("2023-03-03T11:24:44.8779Z", 877)]
    [InlineData("2023-03-03T11:24:44.000Z", 0)]
    public void Iso8601_with_0_to_3_fraction_digits_is_read_to_the_millisecond(string text, int milliseconds)
    {
        Assert.True(EcsTimestamp.TryParseIso8601(Encoding.ASCII.GetBytes(text), out DateTimeOffset value));
        Assert.Equal(new DateTimeOffset(2023, 3, 3, 11, 24, 44, milliseconds, TimeSpan.Zero), value);
        Assert.Equal(TimeSpan.Zero, value.Offset);
    }

    [Fact]
    public void An_offset_is_turned_into_utc()
    {
        Assert.True(EcsTimestamp.TryParseIso8601("2023-03-03T13:24:44.5+02:00"u8, out DateTimeOffset value));
        Assert.Equal(new DateTimeOffset(2023, 3, 3, 11, 24, 44, 500, TimeSpan.Zero), value);
    }

    [Theory]
    [InlineData("2023-03-03T11:24:44")]          // no zone
    [InlineData("2023-03-03 11:24:44Z")]         // no T
    [InlineData("2023-03-03T11:24:44.Z")]        // dot without digits
    [InlineData("2023-02-30T11:24:44Z")]         // no such day
    [InlineData("2023-03-03T24:00:00Z")]
    [InlineData("2023-03-03T11:24:44Zjunk")]
    [InlineData("yesterday")]
    [InlineData("")]
    public void Anything_else_is_refused(string text)
    {
        Assert.False(EcsTimestamp.TryParseIso8601(Encoding.ASCII.GetBytes(text), out _));
    }

    [Theory]
    [InlineData("1677842700", 0)]
    [InlineData("1677842700.5", 500)]
    [InlineData("1677842700.123456", 123)]
    [InlineData("1.6778427005E9", 500)]
    [InlineData("16778427001e-1", 100)]
    public void Epoch_seconds_are_read_in_integer_decimal_and_exponent_form(string number, int milliseconds)
    {
        var parser = new TaskStateChangeParser();
        string answer = $$"""{"tasks":[{"taskArn":"arn:aws:ecs:us-east-1:1:task/c/t","createdAt":{{number}}}]}""";

        TaskStartSample task = Assert.Single(parser.ParseDescribeTasksResponse(Encoding.UTF8.GetBytes(answer)));

        // 1677842700 s after 1970 is 2023-03-03T11:25:00Z.
        Assert.Equal(new DateTimeOffset(2023, 3, 3, 11, 25, 0, milliseconds, TimeSpan.Zero), task.CreatedAt);
    }
}
