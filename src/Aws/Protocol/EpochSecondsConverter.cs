using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChaosDashboard.Aws.Protocol;

/// <summary>
/// Reads AWS JSON timestamps. ECS and FIS send epoch seconds as JSON numbers, which may be integers
/// (1700000000), decimals (1700000000.123) or exponent forms (1.700000000123E9); an ISO-8601 string
/// is accepted too, since a model can declare that format per member. Writes epoch seconds with
/// millisecond precision, as AWS does.
/// </summary>
public sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return FromEpochSeconds(ReadNumberText(ref reader));
            case JsonTokenType.String:
                var text = reader.GetString()!;
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                        DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                {
                    return parsed;
                }

                // A number sent as a string: tolerated, since nothing else could be meant.
                return FromEpochSeconds(text);
            default:
                throw new JsonException($"Expected a timestamp (number or string) but found {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteRawValue(
            (value.ToUnixTimeMilliseconds() / 1000m).ToString("0.###", CultureInfo.InvariantCulture),
            skipInputValidation: true);

    private static string ReadNumberText(ref Utf8JsonReader reader) =>
        reader.HasValueSequence
            ? Encoding.UTF8.GetString(reader.ValueSequence.ToArray())
            : Encoding.UTF8.GetString(reader.ValueSpan);

    private static DateTimeOffset FromEpochSeconds(string number)
    {
        // decimal keeps the milliseconds of 1.700000000123E9 exact, where double would round.
        if (!decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            throw new JsonException($"'{number}' is not an epoch-seconds timestamp.");
        }

        var ticks = decimal.Round(seconds * TimeSpan.TicksPerSecond);
        var maxTicks = (decimal)(DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks);
        var minTicks = (decimal)(DateTimeOffset.MinValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks);
        if (ticks > maxTicks || ticks < minTicks)
        {
            throw new JsonException($"'{number}' is outside the range of a timestamp.");
        }

        return DateTimeOffset.UnixEpoch.AddTicks((long)ticks);
    }
}
