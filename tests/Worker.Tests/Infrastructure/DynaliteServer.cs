using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace ChaosDashboard.Worker.Tests.Infrastructure;

/// <summary>What the table holds for one item of a batch.</summary>
public sealed record StoredItem(int Index, int Writes, string WrittenBy, string WrittenAt);

/// <summary>
/// A real DynamoDB server (dynalite, from the repo's npm packages) on a free loopback port, in memory,
/// for one test class. Tables become ACTIVE at once so tests need not wait.
/// </summary>
public sealed class DynaliteServer : IAsyncLifetime
{
    static readonly SemaphoreSlim NpmInstallGate = new(1, 1);
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    Process? _server;
    int _tableCount;

    public Uri Endpoint { get; private set; } = null!;
    public AmazonDynamoDBClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var cli = await EnsureDynaliteInstalledAsync();
        var port = LoopbackPort.Free();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new List<string>();
        _server = new Process
        {
            StartInfo = new ProcessStartInfo("node")
            {
                ArgumentList = { cli, "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--createTableMs", "0", "--deleteTableMs", "0" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
            EnableRaisingEvents = true,
        };
        // dynalite prints one line once it listens.
        _server.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("listening", StringComparison.OrdinalIgnoreCase) == true) listening.TrySetResult();
        };
        _server.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.Add(e.Data); };
        _server.Exited += (_, _) => listening.TrySetException(new InvalidOperationException(
            $"dynalite exited at start: {string.Join('\n', errors)}"));
        try
        {
            _server.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Cannot run node for dynalite ({e.Message}): these tests need Node 20 on PATH.", e);
        }
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        await listening.Task.WaitAsync(StartTimeout);

        Endpoint = new Uri($"http://127.0.0.1:{port}");
        Client = new AmazonDynamoDBClient(
            new BasicAWSCredentials("test", "test"),
            new AmazonDynamoDBConfig { ServiceURL = Endpoint.ToString(), AuthenticationRegion = "us-east-1" });
    }

    public Task DisposeAsync()
    {
        Client?.Dispose();
        if (_server is { HasExited: false }) _server.Kill(entireProcessTree: true);
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

    static async Task<string> EnsureDynaliteInstalledAsync()
    {
        var cli = Path.Combine(RepoPaths.Root, "node_modules", "dynalite", "cli.js");
        await NpmInstallGate.WaitAsync();
        try
        {
            if (File.Exists(cli)) return cli;
            Process npm;
            try
            {
                npm = Process.Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund") { WorkingDirectory = RepoPaths.Root })!;
            }
            catch (Win32Exception e)
            {
                throw new InvalidOperationException($"dynalite is missing at {cli} and npm cannot run ({e.Message}): run 'npm ci' in {RepoPaths.Root}.", e);
            }
            using var installTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await npm.WaitForExitAsync(installTimeout.Token);
            return File.Exists(cli)
                ? cli
                : throw new InvalidOperationException($"dynalite is missing at {cli} and 'npm ci' in {RepoPaths.Root} did not install it (exit code {npm.ExitCode}).");
        }
        finally
        {
            NpmInstallGate.Release();
        }
    }
}
