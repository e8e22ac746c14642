using System.Text;
using System.Text.Json;

namespace ChaosDashboard.Aws.Tests.Infrastructure;

/// <summary>How a sample writes timestamps: AWS JSON numbers in their three spellings, or ISO-8601 text.</summary>
public enum TimestampStyle
{
    Integer,
    Decimal,
    Exponent,
    IsoString,
}

/// <summary>
/// Builds a sample JSON document from a model shape: every member filled in, lists and maps with
/// two entries, enums with their first value. Members named nextToken are left out so that paged
/// calls end after one page; recursive shapes stop at their second visit.
/// </summary>
public static class ModelSampleGenerator
{
    /// <summary>1700000000.123 seconds after the epoch, the instant every sample timestamp carries.</summary>
    public static readonly DateTimeOffset SampleInstant = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);

    /// <summary>The integer style cannot carry milliseconds.</summary>
    public static readonly DateTimeOffset SampleInstantWhole = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    public const long SampleLong = 1_700_000_000_123;

    private const int MaxDepth = 10;

    public static string Generate(ServiceModel model, string shapeName, TimestampStyle style)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, model, shapeName, "value", style, []);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static DateTimeOffset ExpectedInstant(TimestampStyle style) =>
        style == TimestampStyle.Integer ? SampleInstantWhole : SampleInstant;

    private static void Write(Utf8JsonWriter writer, ServiceModel model, string shapeName, string memberName, TimestampStyle style, List<string> stack)
    {
        var shape = model.Shape(shapeName);
        var type = shape.GetProperty("type").GetString();
        if (type is "structure" or "list" or "map")
        {
            // A recursive shape's second visit, or a too deep one, is written empty: still valid.
            if (stack.Contains(shapeName) || stack.Count > MaxDepth)
            {
                if (type == "list")
                {
                    writer.WriteStartArray();
                    writer.WriteEndArray();
                }
                else
                {
                    writer.WriteStartObject();
                    writer.WriteEndObject();
                }

                return;
            }

            stack.Add(shapeName);
            WriteContainer(writer, model, shape, type, memberName, style, stack);
            stack.RemoveAt(stack.Count - 1);
            return;
        }

        WriteScalar(writer, shape, type, memberName, style);
    }

    private static void WriteContainer(Utf8JsonWriter writer, ServiceModel model, JsonElement shape, string type, string memberName, TimestampStyle style, List<string> stack)
    {
        switch (type)
        {
            case "structure":
                writer.WriteStartObject();
                var isUnion = shape.TryGetProperty("union", out var union) && union.GetBoolean();
                foreach (var member in shape.GetProperty("members").EnumerateObject())
                {
                    var memberShape = member.Value.GetProperty("shape").GetString()!;
                    if (member.Name is "nextToken" or "NextToken" || member.Value.TryGetProperty("location", out _))
                    {
                        continue;
                    }

                    var name = member.Value.TryGetProperty("locationName", out var locationName) ? locationName.GetString()! : member.Name;
                    writer.WritePropertyName(name);
                    Write(writer, model, memberShape, member.Name, style, stack);
                    if (isUnion)
                    {
                        break;
                    }
                }

                writer.WriteEndObject();
                break;
            case "list":
                writer.WriteStartArray();
                var element = shape.GetProperty("member").GetProperty("shape").GetString()!;
                for (var i = 0; i < 2; i++)
                {
                    Write(writer, model, element, memberName, style, stack);
                }

                writer.WriteEndArray();
                break;
            case "map":
                writer.WriteStartObject();
                var keyShape = model.Shape(shape.GetProperty("key").GetProperty("shape").GetString()!);
                var valueShape = shape.GetProperty("value").GetProperty("shape").GetString()!;
                var keys = keyShape.TryGetProperty("enum", out var keyEnum)
                    ? keyEnum.EnumerateArray().Select(k => k.GetString()!).Take(2).ToList()
                    : ["sample-key-1", "sample-key-2"];
                foreach (var key in keys)
                {
                    writer.WritePropertyName(key);
                    Write(writer, model, valueShape, memberName, style, stack);
                }

                writer.WriteEndObject();
                break;
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, JsonElement shape, string? type, string memberName, TimestampStyle style)
    {
        switch (type)
        {
            case "string":
                writer.WriteStringValue(shape.TryGetProperty("enum", out var values)
                    ? values[0].GetString()
                    : $"sample-{memberName}");
                break;
            case "integer":
                writer.WriteNumberValue(1);
                break;
            case "long":
                writer.WriteNumberValue(SampleLong);
                break;
            case "double" or "float":
                writer.WriteNumberValue(1.5);
                break;
            case "boolean":
                writer.WriteBooleanValue(true);
                break;
            case "blob":
                writer.WriteStringValue("AQID");
                break;
            case "timestamp":
                WriteTimestamp(writer, style);
                break;
            default:
                // Document types: any JSON.
                writer.WriteStartObject();
                writer.WriteEndObject();
                break;
        }
    }

    private static void WriteTimestamp(Utf8JsonWriter writer, TimestampStyle style)
    {
        switch (style)
        {
            case TimestampStyle.Integer:
                writer.WriteRawValue("1700000000");
                break;
            case TimestampStyle.Decimal:
                writer.WriteRawValue("1700000000.123");
                break;
            case TimestampStyle.Exponent:
                writer.WriteRawValue("1.700000000123E9");
                break;
            case TimestampStyle.IsoString:
                writer.WriteStringValue("2023-11-14T22:13:20.123Z");
                break;
        }
    }
}

/// <summary>A fake AWS answering every request with a sample of the operation's output shape.</summary>
public sealed class ModelResponder
{
    private readonly ServiceModel _model;
    private readonly string _service;
    private readonly TimestampStyle _style;

    public ModelResponder(ServiceModel model, string service, TimestampStyle style)
    {
        _model = model;
        _service = service;
        _style = style;
    }

    public HttpResponseMessage Respond(CapturedRequest request)
    {
        var operation = ModelRequestChecker.IdentifyOperation(_model, _service, request);
        var body = operation is not null && _model.HasOperation(operation) && _model.Operation(operation).OutputShape is { } output
            ? ModelSampleGenerator.Generate(_model, output, _style)
            : "{}";
        return RecordingHandler.Json(System.Net.HttpStatusCode.OK, body);
    }
}
