using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ChaosDashboard.Aws.DynamoDb;
using ChaosDashboard.Aws.Tests.Infrastructure;

namespace ChaosDashboard.Aws.Tests.DynamoDb;

/// <summary>One dynalite server for the DynamoDB tests, started on first use; each test makes its own tables.</summary>
public sealed class DynaliteFixture : IDisposable
{
    private readonly Lazy<DynaliteProcess> _server = new(() => DynaliteProcess.StartAsync().GetAwaiter().GetResult());
    private readonly Lazy<IAmazonDynamoDB> _client;

    public DynaliteFixture() =>
        _client = new Lazy<IAmazonDynamoDB>(() => WorkshopTable.CreateClient(TestAws.Settings(_server.Value.Endpoint)));

    public IAmazonDynamoDB Client => _client.Value;

    public AwsSettings Settings => TestAws.Settings(_server.Value.Endpoint);

    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 255)];

    public async Task CreateTableAsync(string name, params (string Name, ScalarAttributeType Type, KeyType KeyType)[] keys)
    {
        await Client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = keys.Select(k => new AttributeDefinition(k.Name, k.Type)).ToList(),
            KeySchema = keys.Select(k => new KeySchemaElement(k.Name, k.KeyType)).ToList(),
        });

        for (var i = 0; i < 100; i++)
        {
            var status = (await Client.DescribeTableAsync(name)).Table.TableStatus;
            if (status == TableStatus.ACTIVE)
            {
                return;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"Table {name} did not become ACTIVE.");
    }

    public async Task PutItemsAsync(string table, IEnumerable<Dictionary<string, AttributeValue>> items)
    {
        foreach (var item in items)
        {
            await Client.PutItemAsync(table, item);
        }
    }

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }

        if (_server.IsValueCreated)
        {
            _server.Value.Dispose();
        }
    }
}
