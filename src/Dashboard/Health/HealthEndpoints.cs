using ChaosDashboard.Experiment;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChaosDashboard.Health;

/// <summary>
/// For a container platform: /healthz answers while the process serves requests; /readyz answers 200
/// only when the configured backend does (the sandbox always; AWS mode once its resources are found and
/// its last polls succeeded), and 503 with the reason otherwise.
/// </summary>
public static class HealthEndpoints
{
    const string Ready = "ready";

    public static IServiceCollection AddDashboardHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<BackendReadiness>("backend", tags: [Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapDashboardHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        routes.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Ready),
            ResponseWriter = async (context, report) =>
            {
                context.Response.ContentType = "text/plain; charset=utf-8";
                var reasons = report.Entries.Values.Where(e => e.Status != HealthStatus.Healthy).Select(e => e.Description).ToList();
                await context.Response.WriteAsync(reasons.Count == 0 ? "Ready\n" : string.Join("\n", reasons) + "\n");
            },
        });
        return routes;
    }
}

/// <summary>Whether the backend answers, as the live model knows it: no problem reported by the AWS polls, discovery done.</summary>
public sealed class BackendReadiness(LiveExperiment live) : IHealthCheck
{
    static readonly HashSet<string> BackendSources = new(StringComparer.OrdinalIgnoreCase) { "AWS", "ECS", "Logs", "DynamoDB", "FIS" };

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = live.Snapshot();
        if (state.Settings.Mode != "aws") return Task.FromResult(HealthCheckResult.Healthy("The sandbox runs in the process."));
        if (state.Problems.FirstOrDefault(p => BackendSources.Contains(p.Source)) is { } problem)
            return Task.FromResult(HealthCheckResult.Unhealthy($"{problem.Source}: {problem.Message}"));
        if (state.Settings.Where.EndsWith("connecting…", StringComparison.Ordinal))
            return Task.FromResult(HealthCheckResult.Unhealthy("AWS: still finding the workshop's resources."));
        return Task.FromResult(HealthCheckResult.Healthy("AWS answers."));
    }
}
