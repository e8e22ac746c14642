using ChaosDashboard.Batch;

namespace ChaosDashboard.Worker.Tests.Fakes;

/// <summary>The table in memory, with the same write semantics as DynamoItemTable, and hooks to inject trouble.</summary>
public sealed class InMemoryItemTable : IItemTable
{
    readonly Dictionary<int, (ItemWrite Last, int Writes)> _items = [];

    /// <summary>Runs before each write of an item; may throw (a transient failure) or add items (another task).</summary>
    public Action<int>? BeforeWrite { get; set; }

    public IReadOnlyDictionary<int, (ItemWrite Last, int Writes)> Items
    {
        get { lock (_items) return new Dictionary<int, (ItemWrite, int)>(_items); }
    }

    public void Seed(int index, string taskId)
    {
        lock (_items) _items[index] = (new ItemWrite(index, taskId, DateTimeOffset.UnixEpoch), 1);
    }

    public Task<int?> FindHighestIndexAsync(CancellationToken cancellationToken)
    {
        lock (_items) return Task.FromResult(_items.Count == 0 ? (int?)null : _items.Keys.Max());
    }

    public Task<int> PutAsync(ItemWrite item, CancellationToken cancellationToken)
    {
        BeforeWrite?.Invoke(item.Index);
        lock (_items)
        {
            var writes = _items.TryGetValue(item.Index, out var existing) ? existing.Writes + 1 : 1;
            _items[item.Index] = (item, writes);
            return Task.FromResult(writes);
        }
    }

    public Task<bool> PutIfAbsentAsync(ItemWrite item, CancellationToken cancellationToken)
    {
        BeforeWrite?.Invoke(item.Index);
        lock (_items) return Task.FromResult(_items.TryAdd(item.Index, (item, 1)));
    }
}
