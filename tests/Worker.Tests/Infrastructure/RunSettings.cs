using System.Globalization;

namespace ChaosDashboard.Worker.Tests.Infrastructure;

/// <summary>The worker's environment for a test run.</summary>
public static class RunSettings
{
    /// <summary>Short enough for a batch to take a fraction of a second, long enough for a kill to land between items.</summary>
    public const double IntervalSeconds = 0.05;

    public static Dictionary<string, string?> For(string table, string mode, int batchSize, string batchId, string? taskId) => new()
    {
        ["TABLE_NAME"] = table,
        ["MODE"] = mode,
        ["BATCH_SIZE"] = batchSize.ToString(CultureInfo.InvariantCulture),
        ["INTERVAL_SECONDS"] = IntervalSeconds.ToString(CultureInfo.InvariantCulture),
        ["BATCH_ID"] = batchId,
        ["TASK_ID"] = taskId,
    };
}
