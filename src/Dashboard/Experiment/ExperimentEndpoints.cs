using ChaosDashboard.Live;

namespace ChaosDashboard.Experiment;

/// <summary>The live experiment as JSON, for scripts and checks: what every page shows, as the model holds it now.</summary>
public static class ExperimentEndpoints
{
    public static IEndpointRouteBuilder MapExperimentState(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/experiment", (LiveExperiment live) => Results.Json(live.Snapshot(), LiveJson.Options));
        return routes;
    }
}
