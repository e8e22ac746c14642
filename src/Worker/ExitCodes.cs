namespace ChaosDashboard.Worker;

/// <summary>The worker's exit codes: distinct so that a stopped task's exit code says what went wrong.</summary>
public static class ExitCodes
{
    /// <summary>The batch is done, or the task was asked to stop (SIGTERM, SIGINT) and stopped cleanly.</summary>
    public const int Success = 0;

    /// <summary>The table failed during the run, beyond the retries of a single write.</summary>
    public const int Failed = 1;

    /// <summary>An environment variable is missing or malformed.</summary>
    public const int BadSettings = 2;

    /// <summary>The table is missing, has another key schema, or cannot be reached with these credentials.</summary>
    public const int TableProblem = 3;
}
