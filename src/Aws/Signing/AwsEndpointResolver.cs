using Amazon;

namespace ChaosDashboard.Aws.Signing;

/// <summary>
/// Picks the base URL of a service. Order: the settings' per-service URL, the settings' global URL,
/// AWS_ENDPOINT_URL_&lt;SERVICE&gt;, AWS_ENDPOINT_URL (both skipped when
/// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true), then the public regional endpoint.
/// </summary>
public static class AwsEndpointResolver
{
    public const string GlobalEndpointVariable = "AWS_ENDPOINT_URL";
    public const string IgnoreEndpointsVariable = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

    /// <summary>The configured override, or null when the public endpoint applies.</summary>
    public static Uri? FindOverride(AwsSettings settings, AwsService service, Func<string, string?>? readEnvironment = null)
    {
        if (settings.ServiceEndpointUrls.TryGetValue(service.Key, out var serviceUrl))
        {
            return serviceUrl;
        }

        if (settings.EndpointUrl is not null)
        {
            return settings.EndpointUrl;
        }

        if (!settings.UseEndpointEnvironmentVariables)
        {
            return null;
        }

        readEnvironment ??= Environment.GetEnvironmentVariable;
        if (string.Equals(readEnvironment(IgnoreEndpointsVariable), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var configured = readEnvironment(service.EndpointEnvironmentVariable) ?? readEnvironment(GlobalEndpointVariable);
        if (string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }

        // "localhost:4566" parses as an absolute URI with scheme "localhost", hence the scheme check.
        return Uri.TryCreate(configured.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme is "http" or "https")
            ? uri
            : throw new InvalidOperationException(
                $"The endpoint URL configured for {service.DisplayName} is not an absolute http(s) URL: '{configured}'.");
    }

    public static Uri Resolve(AwsSettings settings, AwsService service, RegionEndpoint region, Func<string, string?>? readEnvironment = null) =>
        FindOverride(settings, service, readEnvironment) ?? PublicEndpoint(service, region);

    public static Uri PublicEndpoint(AwsService service, RegionEndpoint region)
    {
        var dnsSuffix = string.IsNullOrEmpty(region.PartitionDnsSuffix) ? "amazonaws.com" : region.PartitionDnsSuffix;
        return new Uri($"https://{service.EndpointPrefix}.{region.SystemName}.{dnsSuffix}/");
    }
}
