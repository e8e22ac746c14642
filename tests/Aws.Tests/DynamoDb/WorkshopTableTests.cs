using System.Reflection;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ChaosDashboard.Aws.DynamoDb;
using ChaosDashboard.Aws.Errors;
using ChaosDashboard.Aws.Tests.Infrastructure;

namespace ChaosDashboard.Aws.Tests.DynamoDb;

/// <summary>Reading and clearing workshop tables of several key schemas on a real DynamoDB implementation (dynalite).</summary>
public sealed class WorkshopTableTests(DynaliteFixture dynamo) : IClassFixture<DynaliteFixture>
{
    private static readonly UnprocessedItemsRetry FastRetry = new() { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(10) };

    [DynaliteFact]
    public async Task Reads_and_clears_a_table_keyed_by_batch_and_item_number()
    {
        var name = DynaliteFixture.UniqueName("FisStopTaskStack-DynamoTable");
        await dynamo.CreateTableAsync(name, ("batch", ScalarAttributeType.S, KeyType.HASH), ("item", ScalarAttributeType.N, KeyType.RANGE));
        await dynamo.PutItemsAsync(name,
            Enumerable.Range(0, 10).Select(i => BatchItem("run-1", i))
                .Concat(Enumerable.Range(0, 20).Select(i => BatchItem("run-2", i))));
        using var table = new WorkshopTable(dynamo.Client, name, retry: FastRetry);

        var schema = await table.DescribeKeySchemaAsync();
        var items = await table.ReadAllItemsAsync();

        Assert.Equal(new TableKeySchema(new KeyAttribute("batch", "S"), new KeyAttribute("item", "N")), schema);
        Assert.Equal(30, items.Count);
        Assert.Equal(Enumerable.Range(0, 10).SelectMany(i => new[] { i, i }).Concat(Enumerable.Range(10, 10)), items.Select(i => i.ItemIndex!.Value));
        var sample = items.First(i => i.Key["batch"] == "run-1" && i.ItemIndex == 3);
        Assert.Equal("3", sample.Key["item"]);
        Assert.Equal("PUT", sample.Attributes["status"]);
        Assert.Equal("""{"attempt":1,"host":"ip-10-0-1-5"}""", sample.Attributes["meta"]);
        Assert.Equal("""["a","b"]""", sample.Attributes["labels"]);
        Assert.Equal("true", sample.Attributes["done"]);
        Assert.False(sample.Attributes.ContainsKey("batch"));

        Assert.Equal(30, await table.ClearAsync());
        Assert.Empty(await table.ReadAllItemsAsync());
    }

    [DynaliteFact]
    public async Task Reads_and_clears_a_table_with_only_a_numeric_partition_key()
    {
        var name = DynaliteFixture.UniqueName("ItemsById");
        await dynamo.CreateTableAsync(name, ("id", ScalarAttributeType.N, KeyType.HASH));
        await dynamo.PutItemsAsync(name, Enumerable.Range(0, 27).Select(i => new Dictionary<string, AttributeValue>
        {
            ["id"] = new() { N = i.ToString() },
            ["message"] = new() { S = $"Successfully PUT item {i}" },
        }));
        using var table = new WorkshopTable(dynamo.Client, name, retry: FastRetry);

        var items = await table.ReadAllItemsAsync();

        Assert.Equal(Enumerable.Range(0, 27), items.Select(i => i.ItemIndex!.Value));
        Assert.Equal(27, await table.ClearAsync());
        Assert.Empty(await table.ReadAllItemsAsync());
    }

    [DynaliteFact]
    public async Task Finds_the_item_number_in_an_attribute_and_copes_with_reserved_key_names()
    {
        var name = DynaliteFixture.UniqueName("Reserved");
        // "item" and "index" are both DynamoDB reserved words.
        await dynamo.CreateTableAsync(name, ("item", ScalarAttributeType.S, KeyType.HASH));
        await dynamo.PutItemsAsync(name, Enumerable.Range(0, 5).Select(i => new Dictionary<string, AttributeValue>
        {
            ["item"] = new() { S = $"item-{i:00}" },
            ["index"] = new() { N = i.ToString() },
        }));
        using var table = new WorkshopTable(dynamo.Client, name, retry: FastRetry);

        var items = await table.ReadAllItemsAsync();

        Assert.Equal(Enumerable.Range(0, 5), items.Select(i => i.ItemIndex!.Value));
        Assert.Equal(5, await table.ClearAsync());
        Assert.Empty(await table.ReadAllItemsAsync());
    }

    [DynaliteFact]
    public async Task Unprocessed_deletes_are_retried_until_done()
    {
        var name = DynaliteFixture.UniqueName("Throttled");
        await dynamo.CreateTableAsync(name, ("id", ScalarAttributeType.N, KeyType.HASH));
        await dynamo.PutItemsAsync(name, Enumerable.Range(0, 40).Select(i => new Dictionary<string, AttributeValue> { ["id"] = new() { N = i.ToString() } }));
        var batchSizes = new List<int>();
        var throttling = InterceptingDynamoDb.Wrap(dynamo.Client, async (inner, request, cancellationToken) =>
        {
            // Process at most 7 deletes per call and hand the rest back, as a throttled table does.
            var requests = request.RequestItems[name];
            batchSizes.Add(requests.Count);
            await inner.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = new() { [name] = requests.Take(7).ToList() } }, cancellationToken);
            var unprocessed = requests.Skip(7).ToList();
            return new BatchWriteItemResponse
            {
                UnprocessedItems = unprocessed.Count == 0 ? [] : new() { [name] = unprocessed },
            };
        });
        using var table = new WorkshopTable(throttling, name, retry: FastRetry);

        Assert.Equal(40, await table.ClearAsync());

        Assert.Empty(await table.ReadAllItemsAsync());
        Assert.All(batchSizes, size => Assert.InRange(size, 1, WorkshopTable.BatchWriteLimit));
        Assert.Equal([25, 18, 11, 4, 15, 8, 1], batchSizes);
    }

    [DynaliteFact]
    public async Task Deletes_that_stay_unprocessed_end_in_an_error()
    {
        var name = DynaliteFixture.UniqueName("Stuck");
        await dynamo.CreateTableAsync(name, ("id", ScalarAttributeType.N, KeyType.HASH));
        await dynamo.PutItemsAsync(name, [new() { ["id"] = new() { N = "1" } }]);
        var calls = 0;
        var stuck = InterceptingDynamoDb.Wrap(dynamo.Client, (_, request, _) =>
        {
            calls++;
            return Task.FromResult(new BatchWriteItemResponse { UnprocessedItems = request.RequestItems });
        });
        using var table = new WorkshopTable(stuck, name, retry: FastRetry with { MaxAttempts = 3 });

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => table.ClearAsync());

        Assert.Equal(AwsErrorCodes.UnprocessedItems, error.Code);
        Assert.Equal(3, calls);
    }

    [DynaliteFact]
    public async Task A_missing_table_is_reported_as_a_DynamoDB_error()
    {
        using var table = new WorkshopTable(dynamo.Client, "NoSuchTable-" + Guid.NewGuid().ToString("N"));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => table.ReadAllItemsAsync());

        Assert.Equal("ResourceNotFoundException", error.Code);
        Assert.StartsWith("DynamoDB DescribeTable failed: ResourceNotFoundException", error.Message);
    }

    [DynaliteFact]
    public async Task Lists_tables_by_name_prefix()
    {
        var prefix = DynaliteFixture.UniqueName("Listed");
        await dynamo.CreateTableAsync(prefix + "-a", ("id", ScalarAttributeType.N, KeyType.HASH));
        await dynamo.CreateTableAsync(prefix + "-b", ("id", ScalarAttributeType.N, KeyType.HASH));

        var names = await WorkshopTable.ListTableNamesAsync(dynamo.Client, prefix);

        Assert.Equal([prefix + "-a", prefix + "-b"], names.Order());
    }

    [DynaliteFact]
    public async Task AwsClients_opens_tables_through_the_configured_endpoint()
    {
        var name = DynaliteFixture.UniqueName("ThroughAwsClients");
        await dynamo.CreateTableAsync(name, ("id", ScalarAttributeType.N, KeyType.HASH));
        await dynamo.PutItemsAsync(name, [new() { ["id"] = new() { N = "4" } }]);
        using var aws = new AwsClients(dynamo.Settings);
        using var table = aws.OpenWorkshopTable(name);

        Assert.Equal(4, Assert.Single(await table.ReadAllItemsAsync()).ItemIndex);
    }

    private static Dictionary<string, AttributeValue> BatchItem(string batch, int item) => new()
    {
        ["batch"] = new() { S = batch },
        ["item"] = new() { N = item.ToString() },
        ["status"] = new() { S = "PUT" },
        ["done"] = new() { BOOL = true },
        ["labels"] = new() { SS = ["a", "b"] },
        ["meta"] = new()
        {
            M = new()
            {
                ["host"] = new() { S = "ip-10-0-1-5" },
                ["attempt"] = new() { N = "1" },
            },
        },
    };
}

/// <summary>An IAmazonDynamoDB that passes every call to a real client except BatchWriteItem, which a test scripts.</summary>
public class InterceptingDynamoDb : DispatchProxy
{
    private IAmazonDynamoDB _inner = null!;
    private Func<IAmazonDynamoDB, BatchWriteItemRequest, CancellationToken, Task<BatchWriteItemResponse>> _batchWrite = null!;

    public static IAmazonDynamoDB Wrap(
        IAmazonDynamoDB inner, Func<IAmazonDynamoDB, BatchWriteItemRequest, CancellationToken, Task<BatchWriteItemResponse>> batchWrite)
    {
        var proxy = Create<IAmazonDynamoDB, InterceptingDynamoDb>();
        var interceptor = (InterceptingDynamoDb)(object)proxy;
        interceptor._inner = inner;
        interceptor._batchWrite = batchWrite;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod!.Name == nameof(IAmazonDynamoDB.BatchWriteItemAsync) && args![0] is BatchWriteItemRequest request)
        {
            return _batchWrite(_inner, request, (CancellationToken)args[1]!);
        }

        if (targetMethod.Name == nameof(IDisposable.Dispose))
        {
            // The wrapped client belongs to the fixture.
            return null;
        }

        return targetMethod.Invoke(_inner, args);
    }
}
