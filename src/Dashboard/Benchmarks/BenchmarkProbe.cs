using ChaosDashboard.Experiment;
using ChaosDashboard.Live;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace ChaosDashboard.Benchmarks;

/// <summary>
/// For the page benchmarks only, and only when <c>Benchmark:Probe</c> is true: counts the pages' circuits
/// and their connections (so a benchmark can tell a dropped page from a slow one) and answers
/// <c>GET /api/benchmark/probe</c> with those counts, the model's sequence number and the server's memory.
/// With the setting off nothing is registered or mapped, so the normal request path is untouched.
/// </summary>
public static class BenchmarkProbe
{
    public static bool Enabled(IConfiguration configuration) => configuration.GetValue<bool>("Benchmark:Probe");

    public static IServiceCollection AddBenchmarkProbe(this IServiceCollection services, IConfiguration configuration)
    {
        if (!Enabled(configuration)) return services;
        services.AddSingleton<CircuitCounts>();
        services.AddScoped<CircuitHandler, CountingCircuitHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapBenchmarkProbe(this IEndpointRouteBuilder routes, IConfiguration configuration)
    {
        if (!Enabled(configuration)) return routes;
        routes.MapGet("/api/benchmark/probe", (bool? gc, LiveExperiment live, LiveFrames<Snapshot> frames, CircuitCounts circuits) =>
        {
            // A full collection first when asked, so memory per page is what the pages hold, not garbage.
            if (gc == true)
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            }
            var frame = frames.Current;
            return Results.Json(new ProbeReport(
                frame.Seq, frames.FramesBuilt, frames.ViewerCount, frame.Logs.Count > 0 ? frame.Logs[^1].Number : 0,
                circuits.Open, circuits.Opened, circuits.Closed, circuits.ConnectionsDown, circuits.ConnectionsUp,
                GC.GetTotalMemory(false), Environment.WorkingSet, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        });
        return routes;
    }

    public sealed record ProbeReport(
        long Seq, long FramesBuilt, int LiveViews, long LastLogNumber,
        int CircuitsOpen, long CircuitsOpened, long CircuitsClosed, long ConnectionsDown, long ConnectionsUp,
        long ManagedBytes, long WorkingSetBytes, long ServerTimeMs);

    public sealed class CircuitCounts
    {
        int _open;
        long _opened, _closed, _down, _up;
        public int Open => Volatile.Read(ref _open);
        public long Opened => Interlocked.Read(ref _opened);
        public long Closed => Interlocked.Read(ref _closed);
        public long ConnectionsDown => Interlocked.Read(ref _down);
        public long ConnectionsUp => Interlocked.Read(ref _up);
        internal void OnOpened() { Interlocked.Increment(ref _open); Interlocked.Increment(ref _opened); }
        internal void OnClosed() { Interlocked.Decrement(ref _open); Interlocked.Increment(ref _closed); }
        internal void OnDown() => Interlocked.Increment(ref _down);
        internal void OnUp() => Interlocked.Increment(ref _up);
    }

    sealed class CountingCircuitHandler(CircuitCounts counts) : CircuitHandler
    {
        public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken ct) { counts.OnOpened(); return Task.CompletedTask; }
        public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken ct) { counts.OnClosed(); return Task.CompletedTask; }
        public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken ct) { counts.OnDown(); return Task.CompletedTask; }
        public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken ct) { counts.OnUp(); return Task.CompletedTask; }
    }
}
