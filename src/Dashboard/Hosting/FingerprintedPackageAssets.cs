using Microsoft.AspNetCore.StaticAssets;

namespace ChaosDashboard.Hosting;

/// <summary>
/// MudBlazor's package declares its own fingerprinted URLs (<c>MudBlazor.min.&lt;hash&gt;.css</c>), which the
/// pages link for immutable caching. The SDK compresses the package's files but negotiates brotli/gzip only on
/// their plain URLs (<c>_content/MudBlazor/MudBlazor.min.css</c>), so the fingerprinted URL went out at full
/// size: 627 KB of CSS instead of 42 KB. A request for such a URL is sent on to the plain one, where the
/// encoding is negotiated, and keeps the fingerprinted URL's caching: the hash in the URL pins the content.
/// </summary>
public static class FingerprintedPackageAssets
{
    /// <summary>Call before UseRouting, so the plain URL is the one routed to.</summary>
    public static IApplicationBuilder UseCompressedFingerprintedAssets(this IApplicationBuilder app)
    {
        IReadOnlyDictionary<PathString, (PathString Plain, string? CacheControl)>? map = null;
        var development = app.ApplicationServices.GetRequiredService<IWebHostEnvironment>().IsDevelopment();
        return app.Use(async (context, next) =>
        {
            if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            {
                // Built on first use: the static asset endpoints exist only once the app is running.
                map ??= Build(context.RequestServices.GetRequiredService<EndpointDataSource>());
                if (map.TryGetValue(context.Request.Path, out var target))
                {
                    context.Request.Path = target.Plain;
                    if (!development && target.CacheControl is { } cacheControl)
                        context.Response.OnStarting(() =>
                        {
                            if (context.Response.StatusCode == StatusCodes.Status200OK) context.Response.Headers.CacheControl = cacheControl;
                            return Task.CompletedTask;
                        });
                }
            }
            await next(context);
        });
    }

    /// <summary>Fingerprinted URLs with no compressed variant whose plain URL has one.</summary>
    static Dictionary<PathString, (PathString, string?)> Build(EndpointDataSource endpoints)
    {
        var descriptors = endpoints.Endpoints.Select(e => e.Metadata.GetMetadata<StaticAssetDescriptor>()).OfType<StaticAssetDescriptor>().ToList();
        bool IsEncoded(StaticAssetDescriptor d) => d.Selectors.Any(s => s.Name == "Content-Encoding");
        var plainWithEncodings = descriptors.Where(IsEncoded).Select(d => d.Route).ToHashSet(StringComparer.Ordinal);
        var map = new Dictionary<PathString, (PathString, string?)>();
        foreach (var group in descriptors.GroupBy(d => d.Route, StringComparer.Ordinal))
        {
            if (group.Any(IsEncoded)) continue; // already negotiated
            var d = group.First();
            var label = d.Properties.FirstOrDefault(p => p.Name == "label")?.Value;
            if (label is null || !plainWithEncodings.Contains(label)) continue;
            var cacheControl = d.ResponseHeaders.FirstOrDefault(h => h.Name == "Cache-Control")?.Value;
            map["/" + d.Route] = ("/" + label, cacheControl);
        }
        return map;
    }
}
