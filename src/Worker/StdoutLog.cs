namespace ChaosDashboard.Worker;

/// <summary>
/// Writes log lines to stdout and flushes each one, so that a container's log driver sees a line as
/// soon as it is written and a killed task loses nothing it already reported.
/// </summary>
public sealed class StdoutLog(TextWriter output)
{
    readonly Lock _gate = new();

    public void Line(string text)
    {
        // The signal handler logs from another thread; a lock keeps lines whole.
        lock (_gate)
        {
            output.WriteLine(text);
            output.Flush();
        }
    }
}
