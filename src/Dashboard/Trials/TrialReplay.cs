using ChaosDashboard.Experiment;

namespace ChaosDashboard.Trials;

/// <summary>
/// A recorded trial played back: the page's state at any position, rebuilt by applying the recorded
/// changes in order onto the state the trial started from. Moving forward applies only the changes in
/// between; moving back starts again from the beginning, which takes a few milliseconds per thousand changes.
/// </summary>
public sealed class TrialReplay
{
    readonly IReadOnlyList<TrialChange> _changes;
    TrialState _state = new();
    int _applied;

    public TrialReplay(TrialSummary summary, IReadOnlyList<TrialChange> changes)
    {
        if (changes.Count == 0) throw new ArgumentException("A replay needs at least the trial's first snapshot.", nameof(changes));
        Summary = summary;
        _changes = changes;
        Start = changes[0].At;
        Length = changes[^1].At - Start;
        Current = Seek(TimeSpan.Zero);
    }

    public TrialSummary Summary { get; }
    public DateTimeOffset Start { get; }
    public TimeSpan Length { get; }
    public TimeSpan Position { get; private set; }
    public Snapshot Current { get; private set; }
    public int ChangeCount => _changes.Count;

    /// <summary>The moment the page shows: the start plus the position.</summary>
    public DateTimeOffset Now => Start + Position;

    /// <summary>Moves to <paramref name="position"/> (clamped to the trial) and returns the state there.</summary>
    public Snapshot Seek(TimeSpan position)
    {
        if (position < TimeSpan.Zero) position = TimeSpan.Zero;
        if (position > Length) position = Length;
        var until = Start + position;
        if (_applied > 0 && _changes[_applied - 1].At > until)
        {
            _state = new TrialState();
            _applied = 0;
        }
        // The first change, the starting snapshot, is always applied.
        while (_applied < _changes.Count && (_applied == 0 || _changes[_applied].At <= until))
        {
            var change = _changes[_applied++];
            try
            {
                _state.Apply(change.Type, change.Data);
            }
            catch (TrialChangeException)
            {
                // A change this dashboard cannot read is skipped: the rest of the trial still plays.
            }
        }
        Position = position;
        return Current = _state.ToSnapshot();
    }

    public bool AtEnd => Position >= Length;
}
