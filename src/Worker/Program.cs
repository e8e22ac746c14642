using System.Globalization;
using Amazon.Runtime;
using ChaosDashboard.Batch;
using ChaosDashboard.Worker;

// The workshop's batch task: writes items 0..BATCH_SIZE-1 into DynamoDB, one every INTERVAL_SECONDS.
// Settings come from the environment (see WorkerSettings); exit codes are listed in ExitCodes.

var log = new StdoutLog(Console.Out);
var stopRequested = StopSignals.Listen(log.Line);

WorkerSettings settings;
try
{
    settings = WorkerSettings.FromEnvironment(Environment.GetEnvironmentVariable);
}
catch (WorkerSettingsException e)
{
    return Fail(ExitCodes.BadSettings, $"configuration error: {e.Message}");
}

Amazon.DynamoDBv2.IAmazonDynamoDB client;
try
{
    client = DynamoClientFactory.Create(settings);
}
catch (AmazonClientException e)
{
    return Fail(ExitCodes.BadSettings,
        $"configuration error: cannot create the DynamoDB client ({e.Message}); set {WorkerSettings.RegionVariable} or {WorkerSettings.EndpointVariable}.");
}

using (client)
{
    try
    {
        await TableCheck.EnsureUsableAsync(client, settings.TableName, stopRequested);
    }
    catch (TableProblemException e)
    {
        return Fail(ExitCodes.TableProblem, e.Message);
    }
    catch (OperationCanceledException) when (stopRequested.IsCancellationRequested)
    {
        log.Line("Stopped before the first item");
        return ExitCodes.Success;
    }

    var taskId = await TaskIdentity.ResolveAsync(
        settings.TaskId, Environment.GetEnvironmentVariable(TaskIdentity.MetadataVariable), stopRequested);
    log.Line(string.Create(CultureInfo.InvariantCulture,
        $"Worker {taskId}: table {settings.TableName}, batch {settings.BatchId}, mode {settings.Mode.ToString().ToLowerInvariant()}, {settings.BatchSize} items every {settings.Interval.TotalSeconds} s"));

    var options = new BatchJobOptions
    {
        TaskId = taskId,
        Mode = settings.Mode,
        BatchSize = settings.BatchSize,
        Interval = settings.Interval,
    };
    var job = new BatchJob(new DynamoItemTable(client, settings.TableName, settings.BatchId), options, log.Line);
    try
    {
        await job.RunAsync(stopRequested);
        return ExitCodes.Success;
    }
    catch (Exception e)
    {
        // The items written so far are whole (each write is atomic): a restart picks up from the table.
        return Fail(ExitCodes.Failed, $"batch job failed: {e.GetType().Name}: {e.Message}");
    }
}

static int Fail(int exitCode, string message)
{
    // One line, no stack trace: this is what shows as the stopped task's reason in the logs.
    var oneLine = string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
    Console.Error.WriteLine($"worker: {oneLine}");
    Console.Error.Flush();
    return exitCode;
}
