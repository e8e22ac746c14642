using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.DynamoDBv2.Model;

namespace ChaosDashboard.Aws.DynamoDb;

/// <summary>Renders DynamoDB attribute values as text for display: scalars as they are, documents and sets as JSON.</summary>
internal static partial class AttributeText
{
    public static string Format(AttributeValue value)
    {
        if (value.S is not null)
        {
            return value.S;
        }

        if (value.N is not null)
        {
            return value.N;
        }

        if (value.BOOL is { } flag)
        {
            return flag ? "true" : "false";
        }

        if (value.NULL == true)
        {
            return "null";
        }

        if (value.B is not null)
        {
            return Convert.ToBase64String(value.B.ToArray());
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteJson(writer, value);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteJson(Utf8JsonWriter writer, AttributeValue value)
    {
        if (value.S is not null)
        {
            writer.WriteStringValue(value.S);
        }
        else if (value.N is not null)
        {
            WriteNumber(writer, value.N);
        }
        else if (value.BOOL is { } flag)
        {
            writer.WriteBooleanValue(flag);
        }
        else if (value.B is not null)
        {
            writer.WriteStringValue(Convert.ToBase64String(value.B.ToArray()));
        }
        else if (value.M is not null && (value.IsMSet || value.M.Count > 0))
        {
            writer.WriteStartObject();
            foreach (var (name, member) in value.M.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(name);
                WriteJson(writer, member);
            }

            writer.WriteEndObject();
        }
        else if (value.L is not null && (value.IsLSet || value.L.Count > 0))
        {
            writer.WriteStartArray();
            foreach (var element in value.L)
            {
                WriteJson(writer, element);
            }

            writer.WriteEndArray();
        }
        else if (value.SS is { Count: > 0 })
        {
            writer.WriteStartArray();
            value.SS.ForEach(writer.WriteStringValue);
            writer.WriteEndArray();
        }
        else if (value.NS is { Count: > 0 })
        {
            writer.WriteStartArray();
            value.NS.ForEach(number => WriteNumber(writer, number));
            writer.WriteEndArray();
        }
        else if (value.BS is { Count: > 0 })
        {
            writer.WriteStartArray();
            value.BS.ForEach(bytes => writer.WriteStringValue(Convert.ToBase64String(bytes.ToArray())));
            writer.WriteEndArray();
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, string number)
    {
        // DynamoDB numbers have up to 38 digits; text that is not a JSON number stays a string.
        if (JsonNumberPattern().IsMatch(number))
        {
            writer.WriteRawValue(number);
        }
        else
        {
            writer.WriteStringValue(number);
        }
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex JsonNumberPattern();
}
