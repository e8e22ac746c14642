using ChaosDashboard.Access;
using ChaosDashboard.Experiment;
using ChaosDashboard.Hardening;
using ChaosDashboard.Live;
using Microsoft.AspNetCore.Http.Features;

namespace ChaosDashboard.Trials;

/// <summary>
/// <c>/api/trials</c>: the list, one trial's export as a file, and the two changes (delete, import),
/// which go through <see cref="TrialActions"/>, the same-origin guard and the operator check like every action.
/// </summary>
public static class TrialEndpoints
{
    public static IEndpointRouteBuilder MapTrials(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/trials");
        api.MapGet("", (TrialStore store, TrialRecorder recorder) =>
            Results.Json(store.List().Select(t => t with { Recording = t.Id == recorder.CurrentTrialId }), LiveJson.Options));
        api.MapGet("/{id:long}/export", ExportAsync);
        api.MapDelete("/{id:long}", (long id, TrialActions actions) =>
        {
            var outcome = actions.Delete(id);
            return Results.Json(outcome, LiveJson.Options, statusCode: outcome.Ok ? 200 : outcome.Message.StartsWith("There is no", StringComparison.Ordinal) ? 404 : 409);
        }).RequireOperator().RequireRateLimiting(RateLimits.Actions);
        // The import streams its body under Trials:MaxImportMegabytes, not the general bound.
        api.MapPost("/import", ImportAsync).RequireOperator().RequireRateLimiting(RateLimits.Actions).WithOwnBodyLimit();
        return routes;
    }

    static async Task ExportAsync(long id, HttpContext context, TrialStore store, CancellationToken ct)
    {
        if (store.Find(id) is not { } summary)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsJsonAsync(ActionOutcome.Failed($"There is no trial {id}."), ct);
            return;
        }
        context.Response.ContentType = "application/x-ndjson; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"trial-{id}{TrialFile.Extension}\"";
        await TrialFile.WriteAsync(context.Response.Body, summary, store.Changes(id), ct);
    }

    /// <summary>The file as the request body, streamed and refused beyond Trials:MaxImportMegabytes.</summary>
    static async Task<IResult> ImportAsync(HttpContext context, TrialActions actions, TrialOptions options, CancellationToken ct)
    {
        if (context.Request.ContentLength > options.MaxImportBytes)
            return Results.Json(ActionOutcome.Failed($"Nothing was imported. {actions.TooLargeMessage}"), LiveJson.Options, statusCode: StatusCodes.Status413PayloadTooLarge);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = options.MaxImportBytes + 64 * 1024;
        var outcome = await actions.ImportAsync(context.Request.Body, ct);
        return Results.Json(outcome, LiveJson.Options, statusCode: outcome.Ok ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }
}
