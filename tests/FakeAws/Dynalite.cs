using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using ChaosDashboard.Worker;

namespace ChaosDashboard.FakeAws;

/// <summary>What the table holds for one item, as the worker's table code writes it.</summary>
public sealed record StoredItem(string Batch, int Index, int Writes, string WrittenBy);

/// <summary>
/// A real DynamoDB for the fake account: dynalite (from the repository's npm packages) on a free
/// loopback port, in memory, with tables ACTIVE at once.
/// </summary>
public sealed class Dynalite : IAsyncDisposable
{
    readonly DynaliteProcess _process;

    Dynalite(DynaliteProcess process)
    {
        _process = process;
        Endpoint = process.Endpoint;
        Client = new AmazonDynamoDBClient(new BasicAWSCredentials("AKIDFAKETEST", "fake-test-secret"),
            new AmazonDynamoDBConfig { ServiceURL = Endpoint.ToString(), AuthenticationRegion = "us-east-1" });
    }

    public Uri Endpoint { get; }
    public IAmazonDynamoDB Client { get; }

    /// <summary>node_modules/dynalite/cli.js of the checkout; null when npm ci has not run.</summary>
    public static string? CliPath => DynaliteProcess.CliPath;

    public static async Task<Dynalite> StartAsync() => new(await DynaliteProcess.StartAsync());

    /// <summary>Creates a table with the worker's key schema: HASH batch (S), RANGE item (N).</summary>
    public async Task CreateWorkerTableAsync(string name)
    {
        await Client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            AttributeDefinitions = [new(DynamoItemTable.BatchKey, ScalarAttributeType.S), new(DynamoItemTable.ItemKey, ScalarAttributeType.N)],
            KeySchema = [new(DynamoItemTable.BatchKey, KeyType.HASH), new(DynamoItemTable.ItemKey, KeyType.RANGE)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
        });
    }

    /// <summary>Every item of the table, by index, read consistently.</summary>
    public async Task<IReadOnlyList<StoredItem>> ReadItemsAsync(string table)
    {
        var items = new List<StoredItem>();
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var page = await Client.ScanAsync(new ScanRequest { TableName = table, ConsistentRead = true, ExclusiveStartKey = startKey });
            foreach (var item in page.Items ?? [])
                items.Add(new StoredItem(
                    item[DynamoItemTable.BatchKey].S,
                    int.Parse(item[DynamoItemTable.ItemKey].N, CultureInfo.InvariantCulture),
                    item.TryGetValue(DynamoItemTable.Writes, out var writes) ? int.Parse(writes.N, CultureInfo.InvariantCulture) : 0,
                    item.TryGetValue(DynamoItemTable.WrittenBy, out var by) ? by.S : ""));
            startKey = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        } while (startKey is not null);
        return items.OrderBy(i => i.Index).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _process.DisposeAsync();
    }
}
