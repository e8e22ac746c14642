using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace ChaosDashboard.Aws.Tests.Infrastructure;

/// <summary>
/// Recomputes a SigV4 signature from a request as received, following the AWS documentation
/// ("Create a signed AWS API request"), to prove the signature covers what actually went over the
/// wire. Independent of AWSSDK.Core on purpose.
/// </summary>
public static partial class SigV4Verifier
{
    public sealed record ParsedAuthorization(string AccessKey, string Date, string Region, string Service, IReadOnlyList<string> SignedHeaders, string Signature);

    public static ParsedAuthorization Parse(string authorization)
    {
        var match = AuthorizationPattern().Match(authorization);
        if (!match.Success)
        {
            throw new FormatException($"Not a SigV4 Authorization header: {authorization}");
        }

        return new ParsedAuthorization(
            match.Groups["key"].Value,
            match.Groups["date"].Value,
            match.Groups["region"].Value,
            match.Groups["service"].Value,
            match.Groups["headers"].Value.Split(';'),
            match.Groups["signature"].Value);
    }

    /// <summary>The signature the request should carry for <paramref name="secretKey"/>.</summary>
    public static string ExpectedSignature(CapturedRequest request, string secretKey)
    {
        var authorization = Parse(request.Header("Authorization") ?? throw new InvalidOperationException("The request is not signed."));
        var amzDate = request.Header("X-Amz-Date") ?? throw new InvalidOperationException("X-Amz-Date is missing.");
        var payloadHash = request.Header("X-Amz-Content-SHA256") ?? Hex(SHA256.HashData(request.Body));

        var canonicalHeaders = string.Concat(authorization.SignedHeaders.Select(name =>
            $"{name}:{CollapseSpaces(request.Header(name) ?? "")}\n"));
        var canonicalRequest = string.Join('\n',
            request.Method,
            CanonicalPath(request.RawPath),
            CanonicalQuery(request.RawQuery),
            canonicalHeaders,
            string.Join(';', authorization.SignedHeaders),
            payloadHash);

        var scope = $"{authorization.Date}/{authorization.Region}/{authorization.Service}/aws4_request";
        var stringToSign = string.Join('\n',
            "AWS4-HMAC-SHA256", amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), authorization.Date);
        key = Hmac(key, authorization.Region);
        key = Hmac(key, authorization.Service);
        key = Hmac(key, "aws4_request");
        return Hex(Hmac(key, stringToSign));
    }

    /// <summary>Each segment escaped again (non-S3 services double-encode the path).</summary>
    private static string CanonicalPath(string rawPath) =>
        rawPath.Length == 0 ? "/" : string.Join('/', rawPath.Split('/').Select(Rfc3986Escape));

    private static string CanonicalQuery(string rawQuery) =>
        string.Join('&', rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(parts => (Name: Rfc3986Escape(Uri.UnescapeDataString(parts[0])), Value: Rfc3986Escape(Uri.UnescapeDataString(parts.Length > 1 ? parts[1] : ""))))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));

    private static string Rfc3986Escape(string text)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string CollapseSpaces(string value) => SpaceRun().Replace(value.Trim(), " ");

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request, ?SignedHeaders=(?<headers>[^,]+), ?Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();

    [GeneratedRegex(" +")]
    private static partial Regex SpaceRun();
}
