using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ChaosDashboard.Batch;

namespace ChaosDashboard.Worker;

/// <summary>
/// The batch's items in a DynamoDB table keyed by <c>batch</c> (HASH, S) and <c>item</c> (RANGE, N).
/// Every write touches one item in one request, so a task killed at any instant leaves each item
/// either fully written or absent.
/// </summary>
public sealed class DynamoItemTable(IAmazonDynamoDB client, string tableName, string batchId) : IItemTable
{
    public const string BatchKey = "batch";
    public const string ItemKey = "item";
    public const string WrittenBy = "writtenBy";
    public const string WrittenAt = "writtenAt";
    public const string Writes = "writes";

    // Attribute names go through placeholders: some of them are DynamoDB reserved words.
    static readonly Dictionary<string, string> KeyNames = new() { ["#batch"] = BatchKey, ["#item"] = ItemKey };

    public async Task<int?> FindHighestIndexAsync(CancellationToken cancellationToken)
    {
        // The range key sorts the items, so the highest one is the first of a descending query.
        var response = await client.QueryAsync(new QueryRequest
        {
            TableName = tableName,
            KeyConditionExpression = "#batch = :batch",
            ExpressionAttributeNames = new(KeyNames),
            ExpressionAttributeValues = new() { [":batch"] = new AttributeValue { S = batchId } },
            ProjectionExpression = "#item",
            ScanIndexForward = false,
            Limit = 1,
            ConsistentRead = true,
        }, cancellationToken);
        return response.Items is [var highest, ..] ? ReadIndex(highest) : null;
    }

    public async Task<int> PutAsync(ItemWrite item, CancellationToken cancellationToken)
    {
        // An update rather than a put, so the table itself counts how often each item was written.
        var response = await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = tableName,
            Key = Key(item.Index),
            UpdateExpression = "SET #writtenBy = :by, #writtenAt = :at ADD #writes :one",
            ExpressionAttributeNames = new() { ["#writtenBy"] = WrittenBy, ["#writtenAt"] = WrittenAt, ["#writes"] = Writes },
            ExpressionAttributeValues = new()
            {
                [":by"] = new AttributeValue { S = item.TaskId },
                [":at"] = new AttributeValue { S = FormatTime(item.WrittenAt) },
                [":one"] = new AttributeValue { N = "1" },
            },
            ReturnValues = ReturnValue.UPDATED_NEW,
        }, cancellationToken);
        return response.Attributes?.TryGetValue(Writes, out var writes) == true
            ? int.Parse(writes.N, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : throw new InvalidDataException($"UpdateItem on item {item.Index} returned no '{Writes}' attribute.");
    }

    public async Task<bool> PutIfAbsentAsync(ItemWrite item, CancellationToken cancellationToken)
    {
        var attributes = Key(item.Index);
        attributes[WrittenBy] = new AttributeValue { S = item.TaskId };
        attributes[WrittenAt] = new AttributeValue { S = FormatTime(item.WrittenAt) };
        attributes[Writes] = new AttributeValue { N = "1" };
        try
        {
            await client.PutItemAsync(new PutItemRequest
            {
                TableName = tableName,
                Item = attributes,
                ConditionExpression = "attribute_not_exists(#item)",
                ExpressionAttributeNames = new() { ["#item"] = ItemKey },
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    Dictionary<string, AttributeValue> Key(int index) => new()
    {
        [BatchKey] = new AttributeValue { S = batchId },
        [ItemKey] = new AttributeValue { N = index.ToString(CultureInfo.InvariantCulture) },
    };

    static int ReadIndex(Dictionary<string, AttributeValue> item) =>
        item.TryGetValue(ItemKey, out var value) && int.TryParse(value.N, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index)
            ? index
            : throw new InvalidDataException($"An item of the table has no whole-number '{ItemKey}' key.");

    /// <summary>ISO-8601 in UTC with milliseconds, the same form as the structured log lines.</summary>
    static string FormatTime(DateTimeOffset time) => JobLogLine.FormatTime(time);
}
