using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace ChaosDashboard.Access;

/// <summary>
/// Who may act. On loopback only, the local user is the operator, as before. Listening on any other
/// address ("room mode") acting needs the operator's cookie, which only the operator link sets; everyone
/// else is a viewer. The decision rests on the addresses the server listens on, never on a request's
/// Host header or source address: behind a reverse proxy every request looks local.
/// </summary>
public sealed class OperatorAccess
{
    public const string Scheme = "operator";
    public const string CookieName = "chaos-operator";
    public const string LoginPath = "/login";
    const string SessionClaim = "chaos:operator-session";

    readonly Lock _lock = new();
    readonly ILogger _logger;
    readonly bool _fixedToken;
    /// <summary>The hash of the token the login link carries now; the token itself is kept only to print it.</summary>
    byte[] _tokenHash;
    string _token;
    volatile bool _roomMode;

    public OperatorAccess(RoomOptions options, IEnumerable<string> configuredUrls, ILogger<OperatorAccess> logger)
    {
        Options = options;
        _logger = logger;
        _fixedToken = !string.IsNullOrWhiteSpace(options.OperatorToken);
        _token = _fixedToken ? options.OperatorToken!.Trim() : NewToken();
        _tokenHash = Hash(_token);
        // Cookies name the session they belong to: a fixed token's survive a restart (and end when the
        // token is changed); a random token's end with the process that printed it.
        Session = _fixedToken ? Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("session:" + _token)))[..16] : NewToken()[..16];
        _roomMode = options.RequireOperatorLink || configuredUrls.Any(url => !IsLoopbackUrl(url));
    }

    public RoomOptions Options { get; }

    /// <summary>The current run's session, carried in the operator's cookie.</summary>
    public string Session { get; }

    /// <summary>True when people other than the local user can reach the dashboard: acting needs the operator.</summary>
    public bool RoomMode => _roomMode;

    public bool FixedToken => _fixedToken;

    /// <summary>Called once the server listens, with its real addresses: a listener beyond loopback turns room mode on.</summary>
    public bool ConfirmListening(IEnumerable<string> addresses)
    {
        if (_roomMode || addresses.All(IsLoopbackUrl)) return false;
        _roomMode = true;
        return true;
    }

    public bool IsOperator(ClaimsPrincipal? user) =>
        !_roomMode || user?.FindFirst(SessionClaim)?.Value is { } session && session == Session;

    /// <summary>The identity the operator's cookie carries.</summary>
    public ClaimsPrincipal OperatorPrincipal() =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator"), new Claim(SessionClaim, Session)], Scheme));

    /// <summary>
    /// Compares in constant time (hashes of equal length). A random token is spent by its first use and
    /// replaced, so a link seen on a projected terminal is worth nothing; a fixed token stays valid.
    /// </summary>
    public bool TryRedeem(string? candidate, out string? nextToken)
    {
        nextToken = null;
        if (string.IsNullOrEmpty(candidate) || candidate.Length > 512) return false;
        var hash = Hash(candidate);
        lock (_lock)
        {
            if (!CryptographicOperations.FixedTimeEquals(hash, _tokenHash)) return false;
            if (_fixedToken) return true;
            _token = NewToken();
            _tokenHash = Hash(_token);
            nextToken = _token;
            return true;
        }
    }

    /// <summary>The operator link's path and query for the token in force; printed at start and nowhere else.</summary>
    public string LoginPathAndQuery()
    {
        lock (_lock) return LoginPathAndQuery(_token);
    }

    public static string LoginPathAndQuery(string token) => $"{LoginPath}?token={Uri.EscapeDataString(token)}";

    static string NewToken() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>
    /// Whether a listening address (http://127.0.0.1:5080, http://+:8080, http://[::]:80, a host name)
    /// reaches only this machine. Anything not clearly loopback counts as reaching further.
    /// </summary>
    public static bool IsLoopbackUrl(string url)
    {
        var rest = url.Trim();
        var scheme = rest.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) rest = rest[(scheme + 3)..];
        var slash = rest.IndexOf('/');
        if (slash >= 0) rest = rest[..slash];
        string host;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']');
            host = close > 0 ? rest[1..close] : rest;
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            host = colon >= 0 ? rest[..colon] : rest;
        }
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>The listening addresses the configuration asks for: --urls / URLS / ASPNETCORE_URLS, HTTP(S)_PORTS and Kestrel endpoints.</summary>
    public static IReadOnlyList<string> ConfiguredUrls(IConfiguration configuration)
    {
        var urls = new List<string>();
        if (configuration["urls"] is { Length: > 0 } list) urls.AddRange(list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        foreach (var key in new[] { "http_ports", "https_ports" })
            if (configuration[key] is { Length: > 0 } ports)
                urls.AddRange(ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"http://*:{p}"));
        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
            if (endpoint["Url"] is { Length: > 0 } url) urls.Add(url);
        return urls;
    }

    internal void LogRefusedLogin(string? client) =>
        _logger.LogWarning("Refused an operator login with a wrong or spent token from {Client}", client ?? "an unknown address");
}
