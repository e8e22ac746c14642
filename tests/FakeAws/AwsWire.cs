using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ChaosDashboard.FakeAws;

/// <summary>The three wire protocols of the faked services.</summary>
enum Protocol
{
    /// <summary>ECS and CloudWatch Logs: POST / with X-Amz-Target, JSON in and out, "__type" in errors.</summary>
    AwsJson11,

    /// <summary>FIS: method and path name the operation; errors name their code in x-amzn-ErrorType.</summary>
    RestJson1,

    /// <summary>STS: a form-encoded POST with Action=…; answers in XML.</summary>
    Query,

    /// <summary>EC2: the query protocol's form POST, with EC2's own XML answers and error document.</summary>
    Ec2,
}

/// <summary>One call as a handler sees it.</summary>
/// <param name="Body">The JSON body; an empty object when the request had none.</param>
/// <param name="PathId">The {id} of a REST path such as /experiments/{id}.</param>
sealed record AwsCall(string Service, string Operation, JsonObject Body, IQueryCollection Query, string? PathId)
{
    public string? String(string name) => Body[name]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? Body[name]!.GetValue<string>() : null;

    public long? Long(string name) => Body[name]?.GetValueKind() == System.Text.Json.JsonValueKind.Number ? Body[name]!.GetValue<long>() : null;

    public int? Int(string name) => Body[name]?.GetValueKind() == System.Text.Json.JsonValueKind.Number ? Body[name]!.GetValue<int>() : null;

    public bool? Bool(string name) => Body[name]?.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False
        ? Body[name]!.GetValue<bool>() : null;

    public IReadOnlyList<string> Strings(string name) =>
        Body[name] is JsonArray array ? array.Select(e => e?.GetValue<string>()).OfType<string>().ToList() : [];
}

/// <summary>What a handler answers: a JSON document, an XML one (EC2), or an AWS error.</summary>
sealed record AwsAnswer(int Status, JsonNode? Json, string? ErrorCode = null, string? ErrorMessage = null)
{
    public System.Xml.Linq.XElement? Document { get; init; }

    public static AwsAnswer Ok(JsonNode json) => new(200, json);

    public static AwsAnswer Xml(System.Xml.Linq.XElement document) => new(200, null) { Document = document };

    public static AwsAnswer Error(int status, string code, string message) => new(status, null, code, message);

    public bool IsError => ErrorCode is not null;
}

static class AwsTime
{
    /// <summary>Epoch seconds with milliseconds, as ECS and FIS send timestamps (a JSON number, usually fractional).</summary>
    public static JsonNode? Seconds(DateTimeOffset? time) =>
        time is { } t ? JsonValue.Create(decimal.Parse((t.ToUnixTimeMilliseconds() / 1000m).ToString("0.000", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)) : null;

    /// <summary>Epoch milliseconds, as CloudWatch Logs sends them.</summary>
    public static long Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds();
}

static class Ids
{
    const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A task id as ECS makes them: 32 lower-case hex digits.</summary>
    public static string Hex32() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public static string Alnum(int length) =>
        string.Concat(Enumerable.Range(0, length).Select(_ => Alphanumeric[System.Security.Cryptography.RandomNumberGenerator.GetInt32(Alphanumeric.Length)]));

    public static string RequestId() => Guid.NewGuid().ToString();
}
