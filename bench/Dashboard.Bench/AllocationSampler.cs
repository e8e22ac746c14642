using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace ChaosDashboard.Bench;

/// <summary>
/// Counts the runtime's allocation samples (one per ~100 KB allocated) by type, to say what a run
/// allocates. On when the environment variable BENCH_ALLOCATIONS is set.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private readonly ConcurrentDictionary<string, long> _bytes = new();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword: AllocationTick
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || e.PayloadNames is null)
        {
            return;
        }

        string type = e.Payload![e.PayloadNames.IndexOf("TypeName")] as string ?? "?";
        long amount = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")]);
        _bytes.AddOrUpdate(type, amount, (_, total) => total + amount);
    }

    public void Print(TextWriter output)
    {
        foreach (var (type, bytes) in _bytes.OrderByDescending(pair => pair.Value).Take(15))
        {
            output.WriteLine($"  {bytes / 1e6,8:N1} MB sampled  {type}");
        }
    }
}
