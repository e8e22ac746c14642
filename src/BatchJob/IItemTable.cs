namespace ChaosDashboard.Batch;

/// <summary>One write of one item of the batch, as stored in the table.</summary>
public sealed record ItemWrite(int Index, string TaskId, DateTimeOffset WrittenAt);

/// <summary>
/// The table the batch job writes into. The worker implements it on DynamoDB, the dashboard's
/// sandbox in memory; the processing loop is the same for both.
/// </summary>
public interface IItemTable
{
    /// <summary>The highest index present in the table, or null when it holds no item. One request.</summary>
    Task<int?> FindHighestIndexAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes the item whether or not it exists (baseline behaviour). The table counts the writes of
    /// each item; the answer is that count after this write (1 for a first write).
    /// </summary>
    Task<int> PutAsync(ItemWrite item, CancellationToken cancellationToken);

    /// <summary>Writes the item only if it does not exist yet; false when another write got there first.</summary>
    Task<bool> PutIfAbsentAsync(ItemWrite item, CancellationToken cancellationToken);
}
