using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
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
    readonly Process _process;

    Dynalite(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
        Client = new AmazonDynamoDBClient(new BasicAWSCredentials("AKIDFAKETEST", "fake-test-secret"),
            new AmazonDynamoDBConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = "us-east-1" });
    }

    public Uri Endpoint { get; }
    public IAmazonDynamoDB Client { get; }

    /// <summary>node_modules/dynalite/cli.js of the checkout; null when npm ci has not run.</summary>
    public static string? CliPath => RepositoryRoot() is { } root && File.Exists(Path.Combine(root, "node_modules", "dynalite", "cli.js"))
        ? Path.Combine(root, "node_modules", "dynalite", "cli.js")
        : null;

    public static async Task<Dynalite> StartAsync()
    {
        var cli = CliPath ?? throw new InvalidOperationException("node_modules/dynalite is missing: run 'npm ci' in the repository root.");
        var port = FreePort();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new List<string>();
        var process = new Process
        {
            StartInfo = new ProcessStartInfo("node")
            {
                ArgumentList = { cli, "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--createTableMs", "0", "--deleteTableMs", "0" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            },
            EnableRaisingEvents = true,
        };
        // dynalite prints one line once it listens.
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("listening", StringComparison.OrdinalIgnoreCase) == true) listening.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.Add(e.Data); };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"dynalite exited at start: {string.Join('\n', errors)}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
        return new Dynalite(process, new Uri($"http://127.0.0.1:{port}"));
    }

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

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5_000);
        }
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Dashboard.sln"))) return dir.FullName;
        return null;
    }
}
