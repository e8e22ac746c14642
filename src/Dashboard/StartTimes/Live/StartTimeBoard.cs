using System.Threading.Channels;
using ChaosDashboard.Live;
using ChaosDashboard.StartTimeAnalysis.Events;
using ChaosDashboard.StartTimeAnalysis.Storage;

namespace ChaosDashboard.StartTimes;

/// <summary>
/// The start-time page's shared state: the stored samples, a note per source, and the live feed that
/// tells every open page about each task row saved or changed (a <c>sample</c> delta carrying the
/// merged row) and about notes (<c>notes</c>). Every source saves through here, one save at a time,
/// so "before" and "after" of a save are never mixed up between two writers.
/// </summary>
public sealed class StartTimeBoard : IAsyncDisposable
{
    public const string DatabaseSource = "Database";

    readonly Lock _lock = new();
    readonly LiveFeed _feed = new();
    readonly SemaphoreSlim _writes = new(1, 1);
    readonly SortedDictionary<string, StartTimeNote> _notes = new(StringComparer.Ordinal);
    readonly Lazy<Task<IStartTimeSamples>> _samples;
    readonly StartTimeOptions _options;
    readonly bool _seedSandbox;
    readonly TimeProvider _time;
    readonly ILogger _logger;

    /// <param name="options">Where the database is and how many tasks a sandbox seed holds.</param>
    /// <param name="seedSandbox">Sandbox mode: an empty store gets generated tasks on first use.</param>
    public StartTimeBoard(StartTimeOptions options, bool seedSandbox, ILogger<StartTimeBoard> logger, TimeProvider? time = null)
    {
        _options = options;
        _seedSandbox = seedSandbox;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _samples = new Lazy<Task<IStartTimeSamples>>(OpenAsync);
    }

    /// <summary>Changes published one by one after an import; beyond this, pages are told to fetch their rows again.</summary>
    public const int ImportDeltaLimit = 500;

    /// <summary>Memory, once the database turned out to be damaged while in use.</summary>
    IStartTimeSamples? _replacement;

    /// <summary>The storage, opened (and seeded in sandbox mode) on first use.</summary>
    public async Task<IStartTimeSamples> SamplesAsync() => Volatile.Read(ref _replacement) ?? await _samples.Value;

    /// <summary>
    /// Runs a storage operation. A database found damaged while in use (its pages fail to read) is treated
    /// as one that cannot be opened: it is left untouched, the samples are kept in memory from then on with
    /// the page's warning, and the operation is done again there. Never a failed page for it.
    /// </summary>
    async Task<T> WithSamplesAsync<T>(Func<IStartTimeSamples, Task<T>> operation)
    {
        var samples = await SamplesAsync();
        try
        {
            return await operation(samples);
        }
        catch (Exception e) when (samples.Persistent && SqliteStartTimeStore.IsDamage(e))
        {
            var reason = $"start-time database {samples.Location} is damaged ({e.Message.TrimEnd('.')}); it was left as it is";
            _logger.LogWarning("{Reason}", reason);
            Interlocked.CompareExchange(ref _replacement, new InMemoryStartTimeSamples(), null);
            ReportNote(DatabaseSource, NoteLevel.Warning, StartTimeStoreOpener.UnusableNote(reason));
            return await operation(_replacement!);
        }
    }

    public long Seq
    {
        get { lock (_lock) return _feed.Seq; }
    }

    /// <summary>Raised after every saved row or changed note, under the board's lock: handlers must be quick and never block.</summary>
    public event Action? Changed
    {
        add => _feed.Published += value;
        remove => _feed.Published -= value;
    }

    public IReadOnlyList<StartTimeNote> Notes
    {
        get { lock (_lock) return _notes.Values.ToList(); }
    }

    async Task<IStartTimeSamples> OpenAsync()
    {
        var (samples, warning) = await StartTimeStoreOpener.OpenAsync(_options.Database, CancellationToken.None);
        if (warning is not null)
        {
            _logger.LogWarning("{Warning}", warning);
            ReportNote(DatabaseSource, NoteLevel.Warning, warning);
        }
        if (_seedSandbox)
        {
            try
            {
                var seeded = await StartTimeStoreOpener.SeedIfEmptyAsync(samples, _options.SandboxSeedTasksPerFamily, _time.GetUtcNow(), CancellationToken.None);
                if (seeded > 0) _logger.LogInformation("Start times: seeded an empty store with {Count} generated SOCI demo tasks", seeded);
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Start times: the sandbox seed could not be saved");
                ReportNote(DatabaseSource, NoteLevel.Warning, $"The sandbox's demo tasks could not be saved in {samples.Location}: {e.Message}");
            }
        }
        return samples;
    }

    /// <summary>
    /// Saves observations and publishes a <c>sample</c> delta for every task row that is new or changed.
    /// </summary>
    public async Task<IReadOnlyList<SavedTask>> SaveAsync(IReadOnlyList<TaskStartSample> samples, CancellationToken cancellationToken)
    {
        if (samples.Count == 0) return [];
        await SamplesAsync();
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var saved = await WithSamplesAsync(store => store.SaveAsync(samples, cancellationToken));
            lock (_lock)
            {
                foreach (var task in saved)
                    if (task.Result != SaveResult.Unchanged) _feed.Publish("sample", StartTimeRowView.From(task.Task));
            }
            return saved;
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>The tasks of an import, all or none (see <see cref="ImportAsync(Func{SaveStep, Task}, CancellationToken)"/>).</summary>
    public Task<ImportOutcome> ImportAsync(IEnumerable<TaskStartSample> tasks, CancellationToken cancellationToken) =>
        ImportAsync(save => save(tasks), cancellationToken);

    /// <summary>
    /// Saves an import, all or none, in as many steps as <paramref name="produce"/> makes, and tells the pages:
    /// a delta per changed task, or when more than <see cref="ImportDeltaLimit"/> changed, one snapshot after
    /// which they fetch their rows again.
    /// </summary>
    public async Task<ImportOutcome> ImportAsync(Func<SaveStep, Task> produce, CancellationToken cancellationToken)
    {
        await SamplesAsync();
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var outcome = await WithSamplesAsync(store => store.ImportAsync(produce, ImportDeltaLimit, cancellationToken));
            lock (_lock)
            {
                if (outcome.ChangedCount > outcome.Changed.Count)
                    _feed.Publish("snapshot", new StartTimeLiveSnapshot(_feed.Seq + 1, _notes.Values.ToList()));
                else
                    foreach (var task in outcome.Changed) _feed.Publish("sample", StartTimeRowView.From(task));
            }
            return outcome;
        }
        finally
        {
            _writes.Release();
        }
    }

    public Task<IReadOnlyList<TaskStartSample>> QueryAsync(StartTimeQuery query, CancellationToken cancellationToken) =>
        WithSamplesAsync(samples => samples.QueryAsync(query, cancellationToken));

    public Task<long> CountAsync(CancellationToken cancellationToken) =>
        WithSamplesAsync(samples => samples.CountAsync(cancellationToken));

    /// <summary>
    /// A browser's stream: the deltas after <paramref name="afterSeq"/> when they are still kept,
    /// otherwise a snapshot (the page then fetches its rows again); then every new delta in order.
    /// </summary>
    public ChannelReader<LiveMessage> Watch(long afterSeq, CancellationToken unsubscribed)
    {
        lock (_lock)
        {
            var catchUp = _feed.DeltasAfter(afterSeq)
                ?? [new LiveMessage(_feed.Seq, "snapshot", new StartTimeLiveSnapshot(_feed.Seq, _notes.Values.ToList()))];
            return _feed.Subscribe(catchUp, unsubscribed);
        }
    }

    /// <summary>Shows a line about one source on every start-time page until it is replaced or cleared.</summary>
    public void ReportNote(string source, NoteLevel level, string message)
    {
        lock (_lock)
        {
            var note = new StartTimeNote(source, level, message);
            if (_notes.TryGetValue(source, out var existing) && existing == note) return;
            _notes[source] = note;
            _feed.Publish("notes", _notes.Values.ToList());
        }
    }

    public void ClearNote(string source)
    {
        lock (_lock)
        {
            if (!_notes.Remove(source)) return;
            _feed.Publish("notes", _notes.Values.ToList());
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_samples.IsValueCreated && _samples.Value.IsCompletedSuccessfully) await _samples.Value.Result.DisposeAsync();
        if (_replacement is not null) await _replacement.DisposeAsync();
        _writes.Dispose();
    }
}
