using ChaosDashboard.Experiment;
using Microsoft.AspNetCore.Http.Features;

namespace ChaosDashboard.Hardening;

/// <summary>Marks an endpoint that reads a larger body and enforces its own bound (the start-time import).</summary>
public sealed class OwnBodyLimitMetadata;

/// <summary>
/// Every request body is bounded (Hardening:MaxRequestBodyKilobytes, 1 MB by default): an action is a
/// few hundred bytes of JSON. An endpoint marked with <see cref="OwnBodyLimitMetadata"/> raises its own.
/// </summary>
public static class RequestBodyLimit
{
    public static TBuilder WithOwnBodyLimit<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OwnBodyLimitMetadata());

    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app, long maxBytes) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<OwnBodyLimitMetadata>() is null)
        {
            if (context.Request.ContentLength > maxBytes)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await context.Response.WriteAsJsonAsync(ActionOutcome.Failed($"The request body is larger than {maxBytes / 1024} KB, the most the dashboard takes."));
                return;
            }
            // A body without a length (chunked) is cut off by the server at the same bound.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = maxBytes;
        }
        await next();
    });
}
