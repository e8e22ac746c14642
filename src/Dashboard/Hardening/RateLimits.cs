using System.Threading.RateLimiting;
using ChaosDashboard.Configuration;
using ChaosDashboard.Experiment;
using Microsoft.AspNetCore.RateLimiting;

namespace ChaosDashboard.Hardening;

/// <summary>
/// Actions per client and minute (Hardening:ActionsPerMinute, 60 by default), with the framework's rate
/// limiter: for the HTTP API per client address, for a page per circuit. Sign-in attempts have a tighter
/// bound of their own. Reads are not limited.
/// </summary>
public sealed class RateLimits : IDisposable
{
    public const string Actions = "actions";
    public const string Login = "login";
    public const string TooManyMessage = "Too many actions in a short time: wait a moment and try again.";

    public RateLimits(HardeningOptions options)
    {
        PerMinute = options.ActionsPerMinute;
        ActionsLimiter = PartitionedRateLimiter.Create<string, string>(key => Window(key, PerMinute));
    }

    public int PerMinute { get; }

    /// <summary>The limiter the pages' handlers take their leases from, one partition per circuit.</summary>
    public PartitionedRateLimiter<string> ActionsLimiter { get; }

    static RateLimitPartition<string> Window(string key, int permits) => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    });

    public void Dispose() => ActionsLimiter.Dispose();
}

public static class RateLimitServices
{
    public static IServiceCollection AddDashboardRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        // Read once: the rate limits here, the body bound in the pipeline, the warnings in the start-up log.
        var options = HardeningOptions.Read(configuration);
        services.AddSettingsSection(options);
        var limits = new RateLimits(options);
        services.AddSingleton(limits);
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(RateLimits.Actions, context => Window($"actions:{Client(context)}", limits.PerMinute));
            options.AddPolicy(RateLimits.Login, context => Window($"login:{Client(context)}", 10));
            options.OnRejected = async (rejected, ct) =>
            {
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                    response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await response.WriteAsJsonAsync(ActionOutcome.Failed(RateLimits.TooManyMessage), ct);
            };
        });
        return services;
    }

    static string Client(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    static RateLimitPartition<string> Window(string key, int permits) => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    });
}
