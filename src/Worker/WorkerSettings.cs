using System.Globalization;
using ChaosDashboard.Batch;

namespace ChaosDashboard.Worker;

/// <summary>
/// What the worker reads from its environment. Every value but the table name has a default, so a
/// task definition needs to set only <c>TABLE_NAME</c> and <c>MODE</c>.
/// </summary>
public sealed record WorkerSettings
{
    public const string TableNameVariable = "TABLE_NAME";
    public const string BatchSizeVariable = "BATCH_SIZE";
    public const string IntervalVariable = "INTERVAL_SECONDS";
    public const string ModeVariable = "MODE";
    public const string BatchIdVariable = "BATCH_ID";
    public const string TaskIdVariable = "TASK_ID";
    public const string RegionVariable = "AWS_REGION";
    public const string DefaultRegionVariable = "AWS_DEFAULT_REGION";
    public const string EndpointVariable = "AWS_ENDPOINT_URL_DYNAMODB";
    public const string LegacyEndpointVariable = "DYNAMODB_ENDPOINT";

    public const int DefaultBatchSize = 10;
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);
    public const string DefaultBatchId = "batch-job";

    public required string TableName { get; init; }
    public int BatchSize { get; init; } = DefaultBatchSize;
    public TimeSpan Interval { get; init; } = DefaultInterval;
    public BatchMode Mode { get; init; } = BatchMode.Baseline;

    /// <summary>The partition key value: all items of one batch share it.</summary>
    public string BatchId { get; init; } = DefaultBatchId;

    /// <summary>Set only when the environment names the task; otherwise the worker asks ECS or makes one up.</summary>
    public string? TaskId { get; init; }

    public string? Region { get; init; }

    /// <summary>A local DynamoDB endpoint (dynalite, DynamoDB Local); null for the real service.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Reads the settings; a bad value throws <see cref="WorkerSettingsException"/> naming the variable.</summary>
    public static WorkerSettings FromEnvironment(Func<string, string?> read)
    {
        string? Value(string name) => read(name) is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

        var tableName = Value(TableNameVariable)
            ?? throw new WorkerSettingsException($"{TableNameVariable} is not set: name the DynamoDB table to write into.");

        var batchSize = DefaultBatchSize;
        if (Value(BatchSizeVariable) is { } batchText
            && (!int.TryParse(batchText, NumberStyles.None, CultureInfo.InvariantCulture, out batchSize) || batchSize <= 0))
            throw new WorkerSettingsException($"{BatchSizeVariable} must be a positive whole number, not '{batchText}'.");

        var interval = DefaultInterval;
        if (Value(IntervalVariable) is { } intervalText)
        {
            // Decimals are allowed so that tests can run a whole batch in a fraction of a second.
            // double.TryParse also accepts "NaN" and the infinity symbol, which TimeSpan refuses.
            if (!double.TryParse(intervalText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
                || !double.IsFinite(seconds) || seconds > TimeSpan.FromDays(1).TotalSeconds)
                throw new WorkerSettingsException($"{IntervalVariable} must be a number of seconds (decimals allowed, at most one day), not '{intervalText}'.");
            interval = TimeSpan.FromSeconds(seconds);
        }

        var mode = BatchMode.Baseline;
        if (Value(ModeVariable) is { } modeText && !BatchJobOptions.TryParseMode(modeText, out mode))
            throw new WorkerSettingsException($"{ModeVariable} must be 'baseline' or 'checkpoint', not '{modeText}'.");

        Uri? endpoint = null;
        var endpointVariable = Value(EndpointVariable) is not null ? EndpointVariable : LegacyEndpointVariable;
        if (Value(endpointVariable) is { } endpointText
            && (!Uri.TryCreate(endpointText, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https")))
            throw new WorkerSettingsException($"{endpointVariable} must be an http(s) URL such as http://127.0.0.1:4567, not '{endpointText}'.");

        return new WorkerSettings
        {
            TableName = tableName,
            BatchSize = batchSize,
            Interval = interval,
            Mode = mode,
            BatchId = Value(BatchIdVariable) ?? DefaultBatchId,
            TaskId = Value(TaskIdVariable),
            Region = Value(RegionVariable) ?? Value(DefaultRegionVariable),
            Endpoint = endpoint,
        };
    }
}

/// <summary>A setting is missing or malformed; the message says which and what is expected.</summary>
public sealed class WorkerSettingsException(string message) : Exception(message);
