using ChaosDashboard.Batch;

namespace ChaosDashboard.Worker.Tests;

public sealed class WorkerSettingsTests
{
    static WorkerSettings Read(params (string Name, string Value)[] variables)
    {
        var environment = variables.ToDictionary(v => v.Name, v => v.Value);
        return WorkerSettings.FromEnvironment(name => environment.GetValueOrDefault(name));
    }

    [Fact]
    public void Only_the_table_name_is_required_and_the_rest_has_the_workshops_defaults()
    {
        var settings = Read(("TABLE_NAME", "FisStopTaskStack-DynamoTable"));

        Assert.Equal("FisStopTaskStack-DynamoTable", settings.TableName);
        Assert.Equal(10, settings.BatchSize);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Interval);
        Assert.Equal(BatchMode.Baseline, settings.Mode);
        Assert.Equal("batch-job", settings.BatchId);
        Assert.Null(settings.TaskId);
        Assert.Null(settings.Endpoint);
    }

    [Fact]
    public void Reads_every_setting()
    {
        var settings = Read(
            ("TABLE_NAME", "t1"), ("BATCH_SIZE", "4"), ("INTERVAL_SECONDS", "0.05"), ("MODE", " Checkpoint "),
            ("BATCH_ID", "night-run"), ("TASK_ID", "task-7"), ("AWS_REGION", "eu-west-1"),
            ("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:4567"));

        Assert.Equal(4, settings.BatchSize);
        Assert.Equal(TimeSpan.FromMilliseconds(50), settings.Interval);
        Assert.Equal(BatchMode.Checkpoint, settings.Mode);
        Assert.Equal("night-run", settings.BatchId);
        Assert.Equal("task-7", settings.TaskId);
        Assert.Equal("eu-west-1", settings.Region);
        Assert.Equal(new Uri("http://127.0.0.1:4567"), settings.Endpoint);
    }

    [Fact]
    public void The_standard_endpoint_variable_wins_over_the_short_one_and_AWS_REGION_over_AWS_DEFAULT_REGION()
    {
        var settings = Read(("TABLE_NAME", "t1"), ("DYNAMODB_ENDPOINT", "http://short:1"), ("AWS_ENDPOINT_URL_DYNAMODB", "http://standard:2"),
            ("AWS_DEFAULT_REGION", "us-west-2"), ("AWS_REGION", "eu-central-1"));

        Assert.Equal(new Uri("http://standard:2"), settings.Endpoint);
        Assert.Equal("eu-central-1", settings.Region);
        Assert.Equal(new Uri("http://short:1"), Read(("TABLE_NAME", "t1"), ("DYNAMODB_ENDPOINT", "http://short:1")).Endpoint);
    }

    [Theory]
    [InlineData("TABLE_NAME", "  ", "TABLE_NAME is not set")]
    [InlineData("BATCH_SIZE", "ten", "BATCH_SIZE must be a positive whole number, not 'ten'")]
    [InlineData("BATCH_SIZE", "0", "BATCH_SIZE must be a positive whole number")]
    [InlineData("BATCH_SIZE", "-3", "BATCH_SIZE must be a positive whole number")]
    [InlineData("INTERVAL_SECONDS", "soon", "INTERVAL_SECONDS must be a number of seconds")]
    [InlineData("INTERVAL_SECONDS", "-1", "INTERVAL_SECONDS must be a number of seconds")]
    [InlineData("INTERVAL_SECONDS", "NaN", "INTERVAL_SECONDS must be a number of seconds")]
    [InlineData("MODE", "resume", "MODE must be 'baseline' or 'checkpoint', not 'resume'")]
    [InlineData("AWS_ENDPOINT_URL_DYNAMODB", "localhost:4567", "AWS_ENDPOINT_URL_DYNAMODB must be an http(s) URL")]
    public void A_bad_value_names_the_variable_and_what_it_expects(string name, string value, string expectedMessage)
    {
        var environment = new Dictionary<string, string> { ["TABLE_NAME"] = "t1", [name] = value };

        var error = Assert.Throws<WorkerSettingsException>(() => WorkerSettings.FromEnvironment(environment.GetValueOrDefault));

        Assert.StartsWith(expectedMessage, error.Message);
    }
}

public sealed class TaskIdentityTests
{
    [Fact]
    public void The_task_id_is_the_last_segment_of_the_task_ARN_in_both_ARN_formats()
    {
        Assert.Equal("158d1c8083dd49d6b527399fd6414f5c", TaskIdentity.TaskIdFromMetadata(
            """{"Cluster":"FisStackECS-Cluster","TaskARN":"arn:aws:ecs:us-west-2:111122223333:task/FisStackECS-Cluster/158d1c8083dd49d6b527399fd6414f5c","Family":"FisStopTaskStackTaskDef"}"""));
        Assert.Equal("0b69d5c0-d655-4695-98cd-5d2d526d9d5a", TaskIdentity.TaskIdFromMetadata(
            """{"TaskARN":"arn:aws:ecs:us-east-1:012345678910:task/0b69d5c0-d655-4695-98cd-5d2d526d9d5a"}"""));
    }

    [Theory]
    [InlineData("""{"Cluster":"c"}""")]
    [InlineData("""{"TaskARN":42}""")]
    [InlineData("""{"TaskARN":"arn:aws:ecs:us-east-1:1:task/"}""")]
    [InlineData("""[]""")]
    public void A_document_without_a_usable_TaskARN_gives_no_id(string json) =>
        Assert.Null(TaskIdentity.TaskIdFromMetadata(json));

    [Fact]
    public async Task A_configured_id_wins_and_without_metadata_the_id_is_machine_name_and_process_id()
    {
        Assert.Equal("given", await TaskIdentity.ResolveAsync("given", "http://127.0.0.1:9/never-asked", CancellationToken.None));
        Assert.Equal($"{Environment.MachineName}-{Environment.ProcessId}", await TaskIdentity.ResolveAsync(null, null, CancellationToken.None));
    }
}
