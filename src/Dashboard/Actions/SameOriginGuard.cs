namespace ChaosDashboard.Actions;

/// <summary>
/// The actions, the imports and the pages' live connection (Blazor's circuit hub) answer only the dashboard's own pages. A browser names the page a
/// request comes from in the Origin header; a page of another site (which could otherwise post a form
/// to a dashboard on loopback, or stream its live state over a WebSocket) is refused. Clients that are
/// not browsers send no Origin and are not affected.
/// </summary>
public static class SameOriginGuard
{
    public static IApplicationBuilder UseSameOriginGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        var guarded = path.StartsWithSegments("/api") || path.StartsWithSegments("/_blazor");
        var origin = context.Request.Headers.Origin.ToString();
        if (guarded && origin.Length > 0 && !IsSameOrigin(origin, context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsJsonAsync(Experiment.ActionOutcome.Failed("Requests from other sites are refused."));
            return;
        }
        await next();
    });

    static bool IsSameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
