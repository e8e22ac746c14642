using System.Text.Json;
using ChaosDashboard.Aws.Protocol;

namespace ChaosDashboard.Aws.Tests.Protocol;

public sealed class EpochSecondsConverterTests
{
    private sealed record Holder(DateTimeOffset? At);

    [Theory]
    [InlineData("1700000000", 1_700_000_000_000)]
    [InlineData("1700000000.0", 1_700_000_000_000)]
    [InlineData("1700000000.123", 1_700_000_000_123)]
    [InlineData("1.700000000123E9", 1_700_000_000_123)]
    [InlineData("1.700000000123e+9", 1_700_000_000_123)]
    [InlineData("17000000001.23E-1", 1_700_000_000_123)]
    [InlineData("0", 0)]
    [InlineData("\"2023-11-14T22:13:20.123Z\"", 1_700_000_000_123)]
    [InlineData("\"2023-11-14T22:13:20.12Z\"", 1_700_000_000_120)]
    [InlineData("\"2023-11-14T22:13:20.1Z\"", 1_700_000_000_100)]
    [InlineData("\"2023-11-14T22:13:20Z\"", 1_700_000_000_000)]
    [InlineData("\"2023-11-14T23:13:20+01:00\"", 1_700_000_000_000)]
    [InlineData("\"1700000000.5\"", 1_700_000_000_500)]
    public void Reads_epoch_seconds_in_every_form(string json, long expectedMilliseconds)
    {
        var holder = JsonSerializer.Deserialize<Holder>($$"""{"at":{{json}}}""", AwsJson.Options)!;
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(expectedMilliseconds), holder.At);
    }

    [Fact]
    public void Null_stays_null() =>
        Assert.Null(JsonSerializer.Deserialize<Holder>("""{"at":null}""", AwsJson.Options)!.At);

    [Theory]
    [InlineData("true")]
    [InlineData("\"yesterday\"")]
    [InlineData("1e400")]
    [InlineData("[1]")]
    public void Rejects_what_is_not_a_timestamp(string json) =>
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Holder>($$"""{"at":{{json}}}""", AwsJson.Options));

    [Fact]
    public void Writes_epoch_seconds_with_milliseconds()
    {
        var json = JsonSerializer.Serialize(new Holder(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123)), AwsJson.Options);
        Assert.Equal("""{"at":1700000000.123}""", json);
    }
}
