using System.Globalization;
using System.Net;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ChaosDashboard.Batch;
using ChaosDashboard.Worker.Tests.Infrastructure;

namespace ChaosDashboard.Worker.Tests;

/// <summary>The real worker process against a real DynamoDB server, run to its end.</summary>
public sealed class WorkerRunTests(DynaliteServer dynamo) : IClassFixture<DynaliteServer>
{
    [Theory]
    [InlineData("baseline")]
    [InlineData("checkpoint")]
    public async Task A_full_run_writes_exactly_items_0_to_batch_size_minus_1_once_each(string mode)
    {
        var table = await dynamo.CreateWorkerTableAsync("full-run");
        using var worker = WorkerProcess.Start(dynamo.Endpoint, RunSettings.For(table, mode, batchSize: 5, batchId: "batch-job", taskId: "task-full"));

        Assert.Equal(ExitCodes.Success, await worker.WaitForExitAsync());

        var items = await dynamo.ReadBatchAsync(table, "batch-job");
        Assert.Equal([0, 1, 2, 3, 4], items.Keys.Order());
        Assert.All(items.Values, item =>
        {
            Assert.Equal(1, item.Writes);
            Assert.Equal("task-full", item.WrittenBy);
            Assert.True(DateTimeOffset.TryParseExact(item.WrittenAt, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out _), $"writtenAt '{item.WrittenAt}' is not ISO-8601 UTC");
        });
        Assert.Empty(worker.StderrLines);
        Assert.Equal("Starting batch job", worker.StdoutLines.First(l => l.StartsWith("Starting", StringComparison.Ordinal)));
        for (var i = 0; i < 5; i++) Assert.Contains($"Successfully PUT item {i} out of 5 into DDB", worker.StdoutLines);
        Assert.Equal([JobLogLine.Start, .. Enumerable.Repeat(JobLogLine.Item, 5), JobLogLine.Done], worker.Events.Select(e => e.Event));
    }

    [Fact]
    public async Task A_SIGTERM_while_a_finished_batch_exits_leaves_the_exit_code_0()
    {
        // ECS may stop a task in the instant between its last line and its exit.
        var table = await dynamo.CreateWorkerTableAsync("late-sigterm");
        for (var run = 0; run < 3; run++)
        {
            using var worker = WorkerProcess.Start(dynamo.Endpoint, RunSettings.For(table, "checkpoint", 2, $"late-{run}", "task-late"));
            Assert.True(await worker.WaitForLineAsync(l => l.StartsWith("Batch job finished", StringComparison.Ordinal)), worker.Transcript);
            worker.Terminate();

            Assert.True(await worker.WaitForExitAsync() == ExitCodes.Success, worker.Transcript);
        }
    }

    [Fact]
    public async Task Batches_with_different_ids_share_a_table_without_touching_each_other()
    {
        var table = await dynamo.CreateWorkerTableAsync("two-batches");
        using (var first = WorkerProcess.Start(dynamo.Endpoint, RunSettings.For(table, "checkpoint", 3, "monday", "task-monday")))
            Assert.Equal(ExitCodes.Success, await first.WaitForExitAsync());
        using (var second = WorkerProcess.Start(dynamo.Endpoint, RunSettings.For(table, "checkpoint", 2, "tuesday", "task-tuesday")))
        {
            Assert.Equal(ExitCodes.Success, await second.WaitForExitAsync());
            Assert.Contains("Continuing at 0", second.StdoutLines);
        }

        Assert.Equal([0, 1, 2], (await dynamo.ReadBatchAsync(table, "monday")).Keys.Order());
        Assert.Equal([0, 1], (await dynamo.ReadBatchAsync(table, "tuesday")).Keys.Order());
    }

    [Fact]
    public async Task Without_TASK_ID_on_ECS_the_worker_names_itself_after_the_task_id_in_the_task_metadata()
    {
        const string taskId = "158d1c8083dd49d6b527399fd6414f5c";
        using var metadata = new HttpListener();
        var prefix = $"http://127.0.0.1:{LoopbackPort.Free()}/";
        metadata.Prefixes.Add(prefix);
        metadata.Start();
        var requestedPath = ServeOneTaskMetadataRequest(metadata,
            $$"""{"Cluster":"FisStackECS-Cluster","TaskARN":"arn:aws:ecs:us-east-1:111122223333:task/FisStackECS-Cluster/{{taskId}}"}""");

        var table = await dynamo.CreateWorkerTableAsync("ecs-id");
        var settings = RunSettings.For(table, "checkpoint", batchSize: 2, batchId: "batch-job", taskId: null);
        settings["ECS_CONTAINER_METADATA_URI_V4"] = prefix + "v4/container-1";
        using var worker = WorkerProcess.Start(dynamo.Endpoint, settings);

        Assert.Equal(ExitCodes.Success, await worker.WaitForExitAsync());
        Assert.Equal("/v4/container-1/task", await requestedPath.WaitAsync(WorkerProcess.WaitLimit));
        Assert.All(worker.Events, e => Assert.Equal(taskId, e.TaskId));
        Assert.All((await dynamo.ReadBatchAsync(table, "batch-job")).Values, item => Assert.Equal(taskId, item.WrittenBy));
    }

    public static TheoryData<string> BadSetups => ["no TABLE_NAME", "unknown MODE", "non-numeric BATCH_SIZE", "non-numeric INTERVAL_SECONDS",
        "no region", "missing table", "table with another key schema", "unreachable endpoint"];

    [Theory]
    [MemberData(nameof(BadSetups))]
    public async Task A_bad_setup_exits_non_zero_with_one_clear_line_and_no_stack_trace(string setup)
    {
        var settings = RunSettings.For("unused", "checkpoint", batchSize: 3, batchId: "batch-job", taskId: "task-bad");
        Uri? endpoint = dynamo.Endpoint;
        (int exitCode, string mention) expected;
        switch (setup)
        {
            case "no TABLE_NAME":
                settings["TABLE_NAME"] = null;
                expected = (ExitCodes.BadSettings, "TABLE_NAME is not set");
                break;
            case "unknown MODE":
                settings["MODE"] = "sideways";
                expected = (ExitCodes.BadSettings, "MODE must be 'baseline' or 'checkpoint', not 'sideways'");
                break;
            case "non-numeric BATCH_SIZE":
                settings["BATCH_SIZE"] = "ten";
                expected = (ExitCodes.BadSettings, "BATCH_SIZE must be a positive whole number");
                break;
            case "non-numeric INTERVAL_SECONDS":
                settings["INTERVAL_SECONDS"] = "half a minute";
                expected = (ExitCodes.BadSettings, "INTERVAL_SECONDS must be a number of seconds");
                break;
            case "no region":
                settings["AWS_REGION"] = null;
                endpoint = null;
                expected = (ExitCodes.BadSettings, "cannot create the DynamoDB client");
                break;
            case "missing table":
                settings["TABLE_NAME"] = "NoSuchTable";
                expected = (ExitCodes.TableProblem, "DynamoDB table 'NoSuchTable' does not exist");
                break;
            case "table with another key schema":
                settings["TABLE_NAME"] = await CreateTableKeyedByIdAsync();
                expected = (ExitCodes.TableProblem, "has key schema HASH id (S); the worker needs HASH batch (S) + RANGE item (N)");
                break;
            case "unreachable endpoint":
                settings["TABLE_NAME"] = "AnyTable";
                endpoint = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}");
                expected = (ExitCodes.TableProblem, "DynamoDB table 'AnyTable' cannot be described");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(setup), setup, null);
        }

        using var worker = WorkerProcess.Start(endpoint, settings);
        var exitCode = await worker.WaitForExitAsync();

        Assert.True(exitCode == expected.exitCode, $"exit code {exitCode}, expected {expected.exitCode}:\n{worker.Transcript}");
        var line = Assert.Single(worker.StderrLines);
        Assert.StartsWith("worker: ", line);
        Assert.Contains(expected.mention, line);
        Assert.Empty(worker.StdoutLines);
        Assert.DoesNotContain("Unhandled exception", line);
    }

    async Task<string> CreateTableKeyedByIdAsync()
    {
        const string name = "KeyedById";
        try
        {
            await dynamo.Client.CreateTableAsync(new CreateTableRequest
            {
                TableName = name,
                AttributeDefinitions = [new("id", ScalarAttributeType.S)],
                KeySchema = [new("id", KeyType.HASH)],
                BillingMode = BillingMode.PAY_PER_REQUEST,
            });
        }
        catch (ResourceInUseException)
        {
            // Made by an earlier case of the same theory.
        }
        return name;
    }

    static Task<string> ServeOneTaskMetadataRequest(HttpListener listener, string json) => Task.Run(async () =>
    {
        var context = await listener.GetContextAsync();
        var body = Encoding.UTF8.GetBytes(json);
        context.Response.ContentType = "application/json";
        await context.Response.OutputStream.WriteAsync(body);
        context.Response.Close();
        return context.Request.Url!.AbsolutePath;
    });
}
