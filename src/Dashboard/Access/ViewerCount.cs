using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace ChaosDashboard.Access;

/// <summary>The viewers' open pages (circuits), in all and per client address, for the bounds in <see cref="RoomOptions"/>.</summary>
public sealed class ViewerCount(RoomOptions options)
{
    int _total;
    readonly ConcurrentDictionary<string, int> _perClient = new();

    public int Total => Volatile.Read(ref _total);

    public int Of(string client) => _perClient.TryGetValue(client, out var n) ? n : 0;

    public void Add(string? client)
    {
        Interlocked.Increment(ref _total);
        if (client is not null) _perClient.AddOrUpdate(client, 1, (_, n) => n + 1);
    }

    public void Remove(string? client)
    {
        Interlocked.Decrement(ref _total);
        if (client is null) return;
        _perClient.AddOrUpdate(client, 0, (_, n) => Math.Max(0, n - 1));
        _perClient.TryRemove(KeyValuePair.Create(client, 0));
    }

    /// <summary>Why a new viewer page cannot be served now; null when it can.</summary>
    public string? Full(string? client)
    {
        if (Total >= options.MaxViewers) return $"{Total} people are following this run, as many as the dashboard takes.";
        if (options.MaxViewersPerClient > 0 && client is not null && Of(client) >= options.MaxViewersPerClient)
            return $"This device already has {Of(client)} pages of the dashboard open; close some of them.";
        return null;
    }

    /// <summary>The address a bound per client applies to: none for loopback, which is a local reverse proxy's for everyone.</summary>
    public static string? ClientKey(IPAddress? address) => address is null || IPAddress.IsLoopback(address) ? null : address.ToString();
}

public static class ViewerBound
{
    /// <summary>
    /// In room mode, a viewer's request for a page beyond the bound gets a friendly "full" page (503)
    /// instead of a page whose live connection would add one more. The operator always gets in.
    /// </summary>
    public static IApplicationBuilder UseViewerBound(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var access = context.RequestServices.GetRequiredService<OperatorAccess>();
        if (access.RoomMode && HttpMethods.IsGet(context.Request.Method)
            && context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null
            && !access.IsOperator(context.User)
            && context.RequestServices.GetRequiredService<ViewerCount>().Full(ViewerCount.ClientKey(context.Connection.RemoteIpAddress)) is { } why)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "30";
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(RoomPages.Full(why));
            return;
        }
        await next();
    });
}

/// <summary>Counts a circuit as a viewer's when its user is not the operator.</summary>
/// <remarks>
/// Counted while connected: a page closed or gone to sleep stops counting at once, not only when its
/// circuit is dropped minutes later; a page that comes back counts again.
/// </remarks>
public sealed class ViewerCircuitHandler(ViewerCount count, OperatorGate gate, IHttpContextAccessor http) : CircuitHandler
{
    bool? _viewer;
    bool _counted;
    string? _client;

    public override async Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (!gate.RoomMode) return;
        if (_viewer is null)
        {
            _viewer = !await gate.IsOperatorAsync();
            _client = ViewerCount.ClientKey(http.HttpContext?.Connection.RemoteIpAddress);
        }
        if (_viewer == true && !_counted)
        {
            count.Add(_client);
            _counted = true;
        }
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Release();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Release();
        return Task.CompletedTask;
    }

    void Release()
    {
        if (!_counted) return;
        count.Remove(_client);
        _counted = false;
    }
}
