using System.Net;
using ChaosDashboard.Configuration;
using ChaosDashboard.Experiment;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ChaosDashboard.Access;

/// <summary>Marks an endpoint that only the operator may call, whatever its method.</summary>
public sealed class OperatorOnlyMetadata;

public static class OperatorEndpoints
{
    public const string ViewerRefusal = "Only the operator can do this: viewers follow along without acting.";

    public static IServiceCollection AddOperatorAccess(this IServiceCollection services, IConfiguration configuration)
    {
        var options = RoomOptions.Read(configuration);
        var urls = OperatorAccess.ConfiguredUrls(configuration);
        services.AddSettingsSection(options);
        services.AddSingleton(sp => new OperatorAccess(options, urls, sp.GetRequiredService<ILogger<OperatorAccess>>()));
        services.AddSingleton<ActionAudit>();
        services.AddSingleton<ViewerAddress>();
        services.AddSingleton<ViewerCount>();
        services.AddScoped<OperatorGate>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, ViewerCircuitHandler>();
        services.AddHttpContextAccessor();
        services.AddHostedService<RoomAnnouncement>();
        services.AddCascadingAuthenticationState();
        services.AddAuthorization();
        services.AddAuthentication(OperatorAccess.Scheme)
            .AddCookie(OperatorAccess.Scheme, cookie =>
            {
                cookie.Cookie.Name = OperatorAccess.CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                // Secure over HTTPS (directly or as a proxy reports it), so it also works over plain HTTP in a room.
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.Cookie.IsEssential = true;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
                cookie.SlidingExpiration = true;
                cookie.LoginPath = OperatorAccess.LoginPath;
                // An API caller without the cookie gets a status, never a redirect to a page.
                cookie.Events.OnRedirectToLogin = context => { context.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
                cookie.Events.OnRedirectToAccessDenied = context => { context.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
            });
        return services;
    }

    /// <summary>
    /// Refuses, in room mode, every request of a viewer that could change something: any /api request
    /// that is not a read (so an endpoint added later is covered without a word) and any endpoint marked
    /// with <see cref="RequireOperator{T}"/>. Runs after routing and authentication.
    /// </summary>
    public static IApplicationBuilder UseOperatorAccess(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var access = context.RequestServices.GetRequiredService<OperatorAccess>();
        if (access.RoomMode && NeedsOperator(context) && !access.IsOperator(context.User))
        {
            var audit = context.RequestServices.GetRequiredService<ActionAudit>();
            audit.Refused(ActionAudit.Who(false, Client(context)), $"{context.Request.Method} {context.Request.Path}", "not the operator");
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsJsonAsync(ActionOutcome.Failed(ViewerRefusal));
            return;
        }
        await next();
    });

    static bool NeedsOperator(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<OperatorOnlyMetadata>() is not null
        || context.Request.Path.StartsWithSegments("/api")
           && !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method));

    /// <summary>Only the operator may call these endpoints; their calls are recorded with their outcome.</summary>
    public static TBuilder RequireOperator<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new OperatorOnlyMetadata());
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var access = context.RequestServices.GetRequiredService<OperatorAccess>();
            var audit = context.RequestServices.GetRequiredService<ActionAudit>();
            var what = $"{context.Request.Method} {context.Request.Path}";
            var who = ActionAudit.Who(true, Client(context));
            if (!access.IsOperator(context.User))
            {
                // The middleware above refuses first; this is the second lock on the same door.
                audit.Refused(ActionAudit.Who(false, Client(context)), what, "not the operator");
                return Results.Json(ActionOutcome.Failed(ViewerRefusal), statusCode: StatusCodes.Status403Forbidden);
            }
            try
            {
                var result = await next(invocation);
                audit.Done(who, what, Describe(result));
                return result;
            }
            catch (Exception e)
            {
                audit.Done(who, what, $"failed ({e.GetType().Name})");
                throw;
            }
        });
        return builder;
    }

    static string Describe(object? result) => (result is INestedHttpResult nested ? nested.Result : result) switch
    {
        IValueHttpResult { Value: ActionOutcome outcome } status when status is IStatusCodeHttpResult code => $"{code.StatusCode} {outcome.Message}",
        IStatusCodeHttpResult code => $"status {code.StatusCode}",
        _ => "done",
    };

    public static string? Client(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();

    /// <summary>
    /// GET /login?token=…: the operator link. A good token sets the operator's cookie (HttpOnly,
    /// SameSite=Strict) and redirects to the page, which drops the token from the address bar.
    /// </summary>
    public static IEndpointRouteBuilder MapOperatorLogin(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(OperatorAccess.LoginPath, async (HttpContext context, OperatorAccess access) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            if (!access.RoomMode) return Results.Redirect("/");
            if (!access.TryRedeem(context.Request.Query["token"].ToString(), out var next))
            {
                access.LogRefusedLogin(Client(context));
                return Results.Content(RoomPages.LoginRefused, "text/html; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);
            }
            await context.SignInAsync(OperatorAccess.Scheme, access.OperatorPrincipal());
            context.RequestServices.GetRequiredService<ILogger<OperatorAccess>>()
                .LogInformation("The operator signed in from {Client}", Client(context) ?? "an unknown address");
            if (next is not null) RoomAnnouncement.PrintNextLink(context.RequestServices, next);
            return Results.Redirect("/");
        }).RequireRateLimiting(Hardening.RateLimits.Login);
        return routes;
    }

    internal static bool IsLoopback(HttpContext context) => context.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip);
}
