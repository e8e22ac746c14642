using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace ChaosDashboard.Worker;

/// <summary>
/// Makes sure, before the first item, that the table exists and has the key schema the worker writes.
/// A task pointed at the wrong table should stop at once with a clear reason, not fail on item 0.
/// </summary>
public static class TableCheck
{
    static readonly TimeSpan CreatingWait = TimeSpan.FromSeconds(60);

    /// <summary>Throws <see cref="TableProblemException"/> when the table cannot be used.</summary>
    public static async Task EnsureUsableAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken)
    {
        var waitUntil = DateTimeOffset.UtcNow + CreatingWait;
        while (true)
        {
            TableDescription table;
            try
            {
                table = (await client.DescribeTableAsync(new DescribeTableRequest { TableName = tableName }, cancellationToken)).Table;
            }
            catch (ResourceNotFoundException)
            {
                throw new TableProblemException($"DynamoDB table '{tableName}' does not exist in {Where(client)}.");
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // Credentials, permissions, network: whatever it is, the table cannot be used; say why in one line.
                var reason = e is AmazonServiceException { ErrorCode.Length: > 0 } service ? service.ErrorCode : e.GetType().Name;
                throw new TableProblemException($"DynamoDB table '{tableName}' cannot be described in {Where(client)}: {reason}: {OneLine(e.Message)}");
            }

            var keySchema = Describe(table);
            if (keySchema != ExpectedKeySchema)
                throw new TableProblemException($"DynamoDB table '{tableName}' has key schema {keySchema}; the worker needs {ExpectedKeySchema}.");

            // A table made a moment ago (a fresh stack, a test) is briefly CREATING; it becomes usable by itself.
            if (table.TableStatus != TableStatus.CREATING) return;
            if (DateTimeOffset.UtcNow > waitUntil)
                throw new TableProblemException($"DynamoDB table '{tableName}' is still CREATING after {CreatingWait.TotalSeconds:0} s.");
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    public static string ExpectedKeySchema =>
        $"HASH {DynamoItemTable.BatchKey} (S) + RANGE {DynamoItemTable.ItemKey} (N)";

    /// <summary>The key schema in the same words as <see cref="ExpectedKeySchema"/>, so that the two compare.</summary>
    static string Describe(TableDescription table)
    {
        var types = (table.AttributeDefinitions ?? []).ToDictionary(a => a.AttributeName, a => a.AttributeType?.Value);
        var keys = (table.KeySchema ?? [])
            .OrderBy(k => k.KeyType == KeyType.HASH ? 0 : 1)
            .Select(k => $"{k.KeyType?.Value} {k.AttributeName} ({types.GetValueOrDefault(k.AttributeName) ?? "?"})");
        return string.Join(" + ", keys);
    }

    static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    static string Where(IAmazonDynamoDB client) =>
        client.Config.ServiceURL is { Length: > 0 } url ? url : $"region {client.Config.RegionEndpoint?.SystemName ?? "(none)"}";
}

/// <summary>The table is missing, unreachable or shaped differently from what the worker writes.</summary>
public sealed class TableProblemException(string message) : Exception(message);
