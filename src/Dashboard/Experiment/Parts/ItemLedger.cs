using ChaosDashboard.Live;

namespace ChaosDashboard.Experiment.Parts;

/// <summary>
/// The items of the batch in the current trial, with who wrote each and when, and the trial itself:
/// a trial runs from one clearing of the table to the next.
/// Not thread-safe by itself: <see cref="LiveExperiment"/> calls it under its lock.
/// </summary>
sealed class ItemLedger
{
    readonly LiveFeed _feed;
    readonly TimeProvider _time;
    readonly ItemView[] _items;

    public ItemLedger(int batchSize, LiveFeed feed, TimeProvider time)
    {
        _feed = feed;
        _time = time;
        _items = Enumerable.Range(0, batchSize).Select(i => new ItemView { Index = i }).ToArray();
        TrialStartedAt = time.GetUtcNow();
    }

    public IReadOnlyList<ItemView> Items => _items;
    public int Trial { get; private set; } = 1;
    public DateTimeOffset TrialStartedAt { get; private set; }

    /// <summary>Records one write; false when this write was already known.</summary>
    public bool RecordWrite(int index, string taskId, DateTimeOffset at, int? writeCount)
    {
        var item = _items[index];
        if (item.Writes.Any(w => w.TaskId == taskId && w.At == at)) return false;
        var writes = item.Writes.Append(new ItemWriteView(taskId, at)).ToList();
        var count = Math.Max(writeCount ?? item.WriteCount + 1, item.WriteCount + 1);
        if (writes.Count > LiveExperiment.MaxWritesPerItem) writes.RemoveRange(0, writes.Count - LiveExperiment.MaxWritesPerItem);
        _items[index] = item with { Writes = writes, WriteCount = count };
        _feed.Publish("item", _items[index]);
        return true;
    }

    /// <summary>
    /// Records what a full read of the table shows; true when an item changed. A write is new when its
    /// time is new; a table whose items carry no write time shows presence only. A table found empty
    /// after holding items was cleared from elsewhere (the DynamoDB console): that starts a new trial.
    /// </summary>
    public bool ObserveTable(IReadOnlyList<TableItemObservation> observed)
    {
        var byIndex = new Dictionary<int, TableItemObservation>();
        foreach (var o in observed)
            if (o.Index >= 0 && o.Index < _items.Length) byIndex.TryAdd(o.Index, o);

        if (byIndex.Count == 0 && _items.Any(i => i.Present))
        {
            StartTrial();
            return true;
        }

        var changed = false;
        for (var index = 0; index < _items.Length; index++)
        {
            var item = _items[index];
            if (!byIndex.TryGetValue(index, out var o))
            {
                if (!item.Present) continue;
                _items[index] = new ItemView { Index = index };
                _feed.Publish("item", _items[index]);
                changed = true;
                continue;
            }
            if (o.WrittenAt is { } at)
            {
                if (!item.Writes.Any(w => w.At == at)) changed |= RecordWrite(index, o.WrittenBy ?? "unknown", at, o.Writes);
                else if (o.Writes is { } n && n > item.WriteCount) changed |= SetCount(index, n);
            }
            else if (!item.Present) changed |= RecordWrite(index, o.WrittenBy ?? "unknown", _time.GetUtcNow(), o.Writes);
            else if (o.Writes is { } n && n > item.WriteCount) changed |= SetCount(index, n);
        }
        return changed;
    }

    bool SetCount(int index, int count)
    {
        _items[index] = _items[index] with { WriteCount = count };
        _feed.Publish("item", _items[index]);
        return true;
    }

    /// <summary>The table was emptied: every item is missing again and a new trial begins.</summary>
    public void StartTrial()
    {
        Trial++;
        TrialStartedAt = _time.GetUtcNow();
        for (var i = 0; i < _items.Length; i++) _items[i] = new ItemView { Index = i };
        _feed.Publish("trial", new { trial = Trial, startedAt = TrialStartedAt, items = _items.ToList() });
    }
}
