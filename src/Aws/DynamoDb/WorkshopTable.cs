using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ChaosDashboard.Aws.Errors;
using ChaosDashboard.Aws.Signing;

namespace ChaosDashboard.Aws.DynamoDb;

/// <summary>
/// The DynamoDB table the batch job writes its items to. The workshop's stack that creates it is
/// not public, so nothing about its key schema is assumed: DescribeTable tells it, and items are
/// read and deleted through whatever key it has.
/// </summary>
public sealed class WorkshopTable : IDisposable
{
    /// <summary>BatchWriteItem takes at most 25 requests.</summary>
    public const int BatchWriteLimit = 25;

    /// <summary>Attribute names, lowest priority last, that may hold the item number when no key is numeric.</summary>
    public static readonly IReadOnlyList<string> ItemIndexAttributeNames =
        ["item", "itemIndex", "item_index", "itemNumber", "index", "idx", "id"];

    private const string ServiceName = "DynamoDB";

    private readonly IAmazonDynamoDB _dynamoDb;
    private readonly bool _ownsClient;
    private readonly UnprocessedItemsRetry _retry;
    private TableKeySchema? _keySchema;

    /// <param name="dynamoDb">The client to use.</param>
    /// <param name="tableName">Full table name, e.g. "FisStopTaskStack-DynamoTable…".</param>
    /// <param name="ownsClient">Whether disposing the table disposes <paramref name="dynamoDb"/>.</param>
    /// <param name="retry">Backoff for unprocessed batch items; defaults suit DynamoDB's guidance.</param>
    public WorkshopTable(IAmazonDynamoDB dynamoDb, string tableName, bool ownsClient = false, UnprocessedItemsRetry? retry = null)
    {
        _dynamoDb = dynamoDb;
        TableName = tableName;
        _ownsClient = ownsClient;
        _retry = retry ?? new UnprocessedItemsRetry();
    }

    public string TableName { get; }

    /// <summary>A DynamoDB client for the settings (region, credentials, endpoint such as a local dynalite).</summary>
    public static IAmazonDynamoDB CreateClient(AwsSettings settings) =>
        new AmazonDynamoDBClient(
            AwsCredentialResolver.ResolveCredentials(settings),
            AwsSdkClientConfig.Apply(new AmazonDynamoDBConfig(), settings, AwsService.DynamoDb));

    public static WorkshopTable Create(AwsSettings settings, string tableName) =>
        new(CreateClient(settings), tableName, ownsClient: true);

    /// <summary>Names of the tables that start with <paramref name="namePrefix"/>, e.g. "FisStopTaskStack-DynamoTable".</summary>
    public static Task<List<string>> ListTableNamesAsync(
        IAmazonDynamoDB dynamoDb, string? namePrefix = null, CancellationToken cancellationToken = default) =>
        SdkExceptionMapper.CallAsync(ServiceName, "ListTables", async () =>
        {
            var names = new List<string>();
            string? start = null;
            do
            {
                var page = await dynamoDb.ListTablesAsync(
                    new ListTablesRequest { ExclusiveStartTableName = start }, cancellationToken).ConfigureAwait(false);
                names.AddRange((page.TableNames ?? []).Where(name => namePrefix is null || name.StartsWith(namePrefix, StringComparison.Ordinal)));
                start = page.LastEvaluatedTableName;
            }
            while (!string.IsNullOrEmpty(start));

            return names;
        }, cancellationToken);

    /// <summary>The table's primary key, read once with DescribeTable.</summary>
    public async Task<TableKeySchema> DescribeKeySchemaAsync(CancellationToken cancellationToken = default)
    {
        if (_keySchema is not null)
        {
            return _keySchema;
        }

        var table = await SdkExceptionMapper.CallAsync(ServiceName, "DescribeTable", async () =>
            (await _dynamoDb.DescribeTableAsync(new DescribeTableRequest { TableName = TableName }, cancellationToken)
                .ConfigureAwait(false)).Table, cancellationToken).ConfigureAwait(false);

        KeyAttribute Describe(KeySchemaElement element) => new(
            element.AttributeName,
            table.AttributeDefinitions?.FirstOrDefault(definition => definition.AttributeName == element.AttributeName)
                ?.AttributeType?.Value ?? "S");

        var keys = table.KeySchema ?? [];
        var partition = keys.FirstOrDefault(key => key.KeyType == KeyType.HASH)
            ?? throw new AwsServiceException(ServiceName, "DescribeTable", 200, AwsErrorCodes.MalformedResponse,
                $"table {TableName} has no partition (HASH) key in its description", null);
        var sort = keys.FirstOrDefault(key => key.KeyType == KeyType.RANGE);
        return _keySchema = new TableKeySchema(Describe(partition), sort is null ? null : Describe(sort));
    }

    /// <summary>Every item, with consistent reads so items written just now are included; ordered by item number.</summary>
    public async Task<List<WorkshopItem>> ReadAllItemsAsync(CancellationToken cancellationToken = default)
    {
        var schema = await DescribeKeySchemaAsync(cancellationToken).ConfigureAwait(false);
        var rawItems = await ScanAllAsync(projectKeysOnly: false, schema, cancellationToken).ConfigureAwait(false);
        return rawItems
            .Select(item => ToWorkshopItem(item, schema))
            .OrderBy(item => item.ItemIndex ?? int.MaxValue)
            .ThenBy(item => string.Join("\u0001", item.Key.Values), StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Deletes every item (what the workshop has participants do by hand between runs), in batches
    /// of 25, retrying the items DynamoDB leaves unprocessed. Returns how many items were deleted.
    /// </summary>
    public async Task<int> ClearAsync(CancellationToken cancellationToken = default)
    {
        var schema = await DescribeKeySchemaAsync(cancellationToken).ConfigureAwait(false);
        var keys = await ScanAllAsync(projectKeysOnly: true, schema, cancellationToken).ConfigureAwait(false);
        foreach (var batch in keys.Chunk(BatchWriteLimit))
        {
            var requests = batch
                .Select(key => new WriteRequest { DeleteRequest = new DeleteRequest { Key = key } })
                .ToList();
            await WriteWithRetriesAsync(requests, cancellationToken).ConfigureAwait(false);
        }

        return keys.Count;
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _dynamoDb.Dispose();
        }
    }

    /// <summary>Recognises the job's item number: a numeric key (sort key first), else a well-known attribute name.</summary>
    public static int? FindItemIndex(IReadOnlyDictionary<string, AttributeValue> item, TableKeySchema schema)
    {
        foreach (var key in new[] { schema.SortKey, schema.PartitionKey })
        {
            if (key is { IsNumber: true } && item.TryGetValue(key.Name, out var keyValue) && ParseIndex(keyValue) is { } fromKey)
            {
                return fromKey;
            }
        }

        foreach (var name in ItemIndexAttributeNames)
        {
            var match = item.FirstOrDefault(pair => string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase));
            if (match.Value is not null && ParseIndex(match.Value) is { } fromAttribute)
            {
                return fromAttribute;
            }
        }

        return null;
    }

    private static int? ParseIndex(AttributeValue value)
    {
        var text = value.N ?? value.S;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) ? index : null;
    }

    private static WorkshopItem ToWorkshopItem(Dictionary<string, AttributeValue> item, TableKeySchema schema)
    {
        var keyNames = schema.Attributes.Select(key => key.Name).ToHashSet(StringComparer.Ordinal);
        var key = new Dictionary<string, string>(StringComparer.Ordinal);
        var attributes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in item)
        {
            if (keyNames.Contains(name))
            {
                key[name] = AttributeText.Format(value);
            }
            else
            {
                attributes[name] = AttributeText.Format(value);
            }
        }

        return new WorkshopItem(key, attributes, FindItemIndex(item, schema));
    }

    private async Task<List<Dictionary<string, AttributeValue>>> ScanAllAsync(
        bool projectKeysOnly, TableKeySchema schema, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var request = new ScanRequest
            {
                TableName = TableName,
                ConsistentRead = true,
                ExclusiveStartKey = startKey,
            };
            if (projectKeysOnly)
            {
                // Placeholders, because key names may be reserved words ("item", "index", …).
                var keyNames = schema.Attributes.Select((key, i) => (Placeholder: $"#k{i}", key.Name)).ToList();
                request.ProjectionExpression = string.Join(", ", keyNames.Select(key => key.Placeholder));
                request.ExpressionAttributeNames = keyNames.ToDictionary(key => key.Placeholder, key => key.Name);
            }

            var page = await SdkExceptionMapper.CallAsync(ServiceName, "Scan",
                () => _dynamoDb.ScanAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Items ?? []);
            startKey = page.LastEvaluatedKey is { Count: > 0 } ? page.LastEvaluatedKey : null;
        }
        while (startKey is not null);

        return items;
    }

    private async Task WriteWithRetriesAsync(List<WriteRequest> requests, CancellationToken cancellationToken)
    {
        var pending = requests;
        for (var attempt = 1; ; attempt++)
        {
            var response = await SdkExceptionMapper.CallAsync(ServiceName, "BatchWriteItem",
                () => _dynamoDb.BatchWriteItemAsync(
                    new BatchWriteItemRequest { RequestItems = new() { [TableName] = pending } }, cancellationToken),
                cancellationToken).ConfigureAwait(false);

            if (response.UnprocessedItems is null
                || !response.UnprocessedItems.TryGetValue(TableName, out var unprocessed)
                || unprocessed.Count == 0)
            {
                return;
            }

            if (attempt >= _retry.MaxAttempts)
            {
                throw new AwsServiceException(ServiceName, "BatchWriteItem", 200, AwsErrorCodes.UnprocessedItems,
                    $"{unprocessed.Count} of {requests.Count} deletes were still unprocessed after {attempt} attempts; the table is being throttled",
                    null);
            }

            pending = unprocessed;
            await Task.Delay(_retry.DelayBefore(attempt + 1), cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>Exponential backoff with full jitter for DynamoDB's unprocessed batch items.</summary>
public sealed record UnprocessedItemsRetry
{
    public int MaxAttempts { get; init; } = 8;
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(50);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Random delay up to BaseDelay·2^(attempt−2), capped at MaxDelay, before attempt number <paramref name="attempt"/> (≥ 2).</summary>
    public TimeSpan DelayBefore(int attempt)
    {
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 2));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }
}
