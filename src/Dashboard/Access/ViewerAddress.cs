using System.Net;

namespace ChaosDashboard.Access;

/// <summary>
/// The address the room types or scans: Room:ViewerUrl when set, else the first real host name of
/// AllowedHosts, else this machine's name, with the scheme and port the server listens on.
/// </summary>
public sealed class ViewerAddress(RoomOptions options, IConfiguration configuration)
{
    volatile IReadOnlyList<string> _listening = [];

    public void Listening(IReadOnlyList<string> addresses) => _listening = addresses;

    public string Url
    {
        get
        {
            if (Uri.TryCreate(options.ViewerUrl?.Trim(), UriKind.Absolute, out var configured) && configured.Scheme is "http" or "https")
                return configured.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/";
            var (scheme, port) = Listener();
            var host = AllowedHostNames(configuration).FirstOrDefault(h => !IsLoopbackName(h)) ?? Dns.GetHostName();
            return $"{scheme}://{host}{PortSuffix(scheme, port)}/";
        }
    }

    /// <summary>Where the operator link can be opened: the viewer address's origin, and this machine's loopback when it listens there too.</summary>
    public IReadOnlyList<string> OperatorBases()
    {
        var bases = new List<string> { Url.TrimEnd('/') };
        var (scheme, port) = Listener();
        var local = _listening.Any(a => a.Contains("://127.0.0.1") || a.Contains("://localhost") || a.Contains("://0.0.0.0") || a.Contains("://[::]") || a.Contains("://+") || a.Contains("://*"));
        if (local && port is not null)
        {
            var loopback = $"{scheme}://127.0.0.1{PortSuffix(scheme, port)}";
            if (!bases.Contains(loopback)) bases.Add(loopback);
        }
        return bases;
    }

    public bool OnlyLoopbackHostsAllowed(IConfiguration config)
    {
        var hosts = AllowedHostNames(config, includeWildcard: true).ToList();
        return hosts.Count > 0 && hosts.All(IsLoopbackName);
    }

    (string Scheme, string? Port) Listener()
    {
        var address = _listening.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? _listening.FirstOrDefault();
        if (address is null) return ("http", null);
        var scheme = address.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? "https" : "http";
        var authority = address[(address.IndexOf("://", StringComparison.Ordinal) + 3)..].TrimEnd('/');
        var colon = authority.LastIndexOf(':');
        var port = colon >= 0 && !authority[colon..].Contains(']') ? authority[(colon + 1)..] : null;
        return (scheme, port);
    }

    static string PortSuffix(string scheme, string? port) =>
        port is null || (scheme == "http" && port == "80") || (scheme == "https" && port == "443") ? "" : $":{port}";

    static IEnumerable<string> AllowedHostNames(IConfiguration configuration, bool includeWildcard = false) =>
        (configuration["AllowedHosts"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(h => includeWildcard || !h.Contains('*'))
            .Select(h => h.TrimStart('*', '.'));

    static bool IsLoopbackName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
}
