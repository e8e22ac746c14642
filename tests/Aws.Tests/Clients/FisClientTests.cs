using System.Net;
using ChaosDashboard.Aws.Errors;
using ChaosDashboard.Aws.Fis;
using ChaosDashboard.Aws.Tests.Infrastructure;

namespace ChaosDashboard.Aws.Tests.Clients;

public sealed class FisClientTests
{
    [Fact]
    public async Task FindTemplateByNameTag_reads_every_page_and_matches_the_Name_tag()
    {
        var pages = new Dictionary<string, string>
        {
            [""] = """{"experimentTemplates":[{"id":"EXT1","tags":{"Name":"Other"}}],"nextToken":"p2"}""",
            ["p2"] = """{"experimentTemplates":[],"nextToken":"p3"}""",
            ["p3"] = """
                {"experimentTemplates":[
                  {"id":"EXT2","tags":{"Name":"FisWorkshopECSTask"},"lastUpdateTime":1700000000},
                  {"id":"EXT3","tags":{"Name":"FisWorkshopECSTask"},"lastUpdateTime":1700000500},
                  {"id":"EXT4","description":"no tags"}]}
                """,
        };
        var handler = new RecordingHandler(request =>
        {
            var token = request.QueryParameters().FirstOrDefault(p => p.Name == "nextToken").Value ?? "";
            return RecordingHandler.Json(HttpStatusCode.OK, pages[token]);
        });
        using var fis = FisClient.Create(TestAws.Settings(), handler);

        var found = await fis.FindTemplateByNameTagAsync("FisWorkshopECSTask");
        var missing = await fis.FindTemplateByNameTagAsync("NoSuchTemplate");

        Assert.Equal("EXT3", found?.Id);
        Assert.Null(missing);
        Assert.All(handler.Requests, r => Assert.Equal("/experimentTemplates", r.RawPath));
        Assert.Equal(6, handler.Requests.Count);
    }

    [Fact]
    public async Task StartExperiment_always_sends_a_client_token()
    {
        var handler = RecordingHandler.AlwaysJson("""{"experiment":{"id":"EXP1","state":{"status":"initiating"}}}""");
        using var fis = FisClient.Create(TestAws.Settings(), handler);

        var experiment = await fis.StartExperimentAsync("EXT1");

        Assert.Equal("initiating", experiment.State.Status);
        var body = Assert.Single(handler.Requests).BodyJson()!;
        Assert.True(Guid.TryParse(body["clientToken"]!.GetValue<string>(), out _));
        Assert.Null(body["tags"]);
    }

    [Fact]
    public async Task Identifiers_are_escaped_in_the_path()
    {
        var handler = RecordingHandler.AlwaysJson("""{"experiment":{"id":"x"}}""");
        using var fis = FisClient.Create(TestAws.Settings(), handler);

        await fis.GetExperimentAsync("EXP/../1");

        Assert.Equal("/experiments/EXP%2F..%2F1", Assert.Single(handler.Requests).RawPath);
    }

    [Fact]
    public async Task A_failed_experiment_carries_its_error()
    {
        var handler = RecordingHandler.AlwaysJson("""
            {"experiment":{"id":"EXP1","state":{"status":"failed","reason":"Target resolution failed",
              "error":{"accountId":"123456789012","code":"TargetResolutionFailed","location":"targets.Tasks"}},
             "actions":{"StopECSTask":{"actionId":"aws:ecs:stop-task","state":{"status":"cancelled","reason":"Experiment failed"}}}}}
            """);
        using var fis = FisClient.Create(TestAws.Settings(), handler);

        var experiment = await fis.GetExperimentAsync("EXP1");

        Assert.True(experiment.State.IsFinal);
        Assert.Equal("TargetResolutionFailed", experiment.State.Error?.Code);
        Assert.Equal("cancelled", experiment.Actions["StopECSTask"].State.Status);
    }

    [Fact]
    public async Task ListExperiments_filters_on_the_template_on_every_page()
    {
        var handler = new RecordingHandler(request => RecordingHandler.Json(HttpStatusCode.OK,
            request.RawQuery.Contains("nextToken") ? """{"experiments":[{"id":"E2"}]}""" : """{"experiments":[{"id":"E1"}],"nextToken":"n 2"}"""));
        using var fis = FisClient.Create(TestAws.Settings(), handler);

        var experiments = await fis.ListExperimentsAsync("EXT1");

        Assert.Equal(["E1", "E2"], experiments.Select(e => e.Id));
        Assert.Equal("experimentTemplateId=EXT1", handler.Requests[0].RawQuery);
        Assert.Equal("experimentTemplateId=EXT1&nextToken=n%202", handler.Requests[1].RawQuery);
    }

    [Fact]
    public async Task A_quota_error_reads_well()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json((HttpStatusCode)402,
            """{"message":"You have reached the maximum number of running experiments"}""",
            ("x-amzn-ErrorType", "ServiceQuotaExceededException")));
        using var fis = FisClient.Create(TestAws.Settings(), handler);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => fis.StartExperimentAsync("EXT1"));

        Assert.Equal("FIS StartExperiment failed: ServiceQuotaExceededException — You have reached the maximum number of running experiments", error.Message);
        Assert.Single(handler.Requests);
    }
}
