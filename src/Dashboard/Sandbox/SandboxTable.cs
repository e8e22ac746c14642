using ChaosDashboard.Batch;
using ChaosDashboard.Experiment;

namespace ChaosDashboard.Sandbox;

/// <summary>
/// The simulated DynamoDB table: items keyed by index, each with its last writer and a write count,
/// as the worker's real table keeps them. Every write is reported to the live experiment.
/// </summary>
public sealed class SandboxTable(LiveExperiment live) : IItemTable
{
    readonly Lock _lock = new();
    readonly Dictionary<int, (ItemWrite Last, int Writes)> _items = [];

    public Task<int?> FindHighestIndexAsync(CancellationToken cancellationToken)
    {
        lock (_lock) return Task.FromResult<int?>(_items.Count == 0 ? null : _items.Keys.Max());
    }

    public Task<int> PutAsync(ItemWrite item, CancellationToken cancellationToken)
    {
        int writes;
        lock (_lock)
        {
            writes = (_items.TryGetValue(item.Index, out var existing) ? existing.Writes : 0) + 1;
            _items[item.Index] = (item, writes);
            live.ObserveItemWrite(item.Index, item.TaskId, item.WrittenAt, writes);
        }
        return Task.FromResult(writes);
    }

    public Task<bool> PutIfAbsentAsync(ItemWrite item, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_items.ContainsKey(item.Index)) return Task.FromResult(false);
            _items[item.Index] = (item, 1);
            live.ObserveItemWrite(item.Index, item.TaskId, item.WrittenAt, 1);
        }
        return Task.FromResult(true);
    }

    public void Clear()
    {
        lock (_lock)
        {
            _items.Clear();
            live.ClearItems();
        }
    }

    public int Count
    {
        get { lock (_lock) return _items.Count; }
    }
}
