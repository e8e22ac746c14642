using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace ChaosDashboard.Worker.Tests.Infrastructure;

/// <summary>What the table holds for one item of a batch.</summary>
public sealed record StoredItem(int Index, int Writes, string WrittenBy, string WrittenAt);

/// <summary>
/// A real DynamoDB server (dynalite, from the repo's npm packages) on a free loopback port, in memory,
/// for one test class, with the worker's table shape and a reader of what it wrote.
/// </summary>
public sealed class DynaliteServer : IAsyncLifetime
{
    DynaliteProcess? _server;
    int _tableCount;

    public Uri Endpoint { get; private set; } = null!;
    public AmazonDynamoDBClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = await DynaliteProcess.StartAsync();
        Endpoint = _server.Endpoint;
        Client = new AmazonDynamoDBClient(
            new BasicAWSCredentials("test", "test"),
            new AmazonDynamoDBConfig { ServiceURL = Endpoint.ToString(), AuthenticationRegion = "us-east-1" });
    }

    public Task DisposeAsync()
    {
        Client?.Dispose();
        _server?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Creates a table with the worker's key schema and returns its (unique) name.</summary>
    public async Task<string> CreateWorkerTableAsync(string prefix)
    {
        var name = $"{prefix}-{Interlocked.Increment(ref _tableCount)}";
        await Client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            AttributeDefinitions = [new("batch", ScalarAttributeType.S), new("item", ScalarAttributeType.N)],
            KeySchema = [new("batch", KeyType.HASH), new("item", KeyType.RANGE)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
        });
        return name;
    }

    /// <summary>Every item of one batch, by index, read consistently.</summary>
    public async Task<IReadOnlyDictionary<int, StoredItem>> ReadBatchAsync(string table, string batchId)
    {
        var items = new Dictionary<int, StoredItem>();
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var page = await Client.QueryAsync(new QueryRequest
            {
                TableName = table,
                KeyConditionExpression = "#batch = :batch",
                ExpressionAttributeNames = new() { ["#batch"] = "batch" },
                ExpressionAttributeValues = new() { [":batch"] = new AttributeValue { S = batchId } },
                ConsistentRead = true,
                ExclusiveStartKey = startKey,
            });
            foreach (var item in page.Items ?? [])
            {
                var index = int.Parse(item["item"].N, CultureInfo.InvariantCulture);
                items.Add(index, new StoredItem(index,
                    int.Parse(item["writes"].N, CultureInfo.InvariantCulture), item["writtenBy"].S, item["writtenAt"].S));
            }
            startKey = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        } while (startKey is not null);
        return items;
    }
}
