using ChaosDashboard.Live;

namespace ChaosDashboard.Experiment.Parts;

/// <summary>
/// The newest lines of the tasks' logs, numbered in arrival order; older lines leave the bounded buffer.
/// Not thread-safe by itself: <see cref="LiveExperiment"/> calls it under its lock.
/// </summary>
sealed class LogBuffer(LiveFeed feed)
{
    /// <summary>Longer lines are cut: one line must not fill a browser.</summary>
    const int MaxLineLength = 2000;

    readonly Queue<LogLineView> _lines = new();
    long _number;

    public IReadOnlyCollection<LogLineView> Lines => _lines;

    /// <summary>The number of the newest line; 0 before the first.</summary>
    public long LastNumber => _number;

    public void Append(string taskId, DateTimeOffset at, string text)
    {
        var line = new LogLineView(++_number, at, taskId, text.Length > MaxLineLength ? text[..MaxLineLength] + "…" : text);
        _lines.Enqueue(line);
        while (_lines.Count > LiveExperiment.MaxLogLines) _lines.Dequeue();
        feed.Publish("log", line);
    }
}
