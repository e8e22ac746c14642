using ChaosDashboard.Aws.Fis;
using ChaosDashboard.Aws.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ChaosDashboard.Aws.Tests.Contract;

/// <summary>Every FIS request this library builds is valid for the botocore FIS model, and model-shaped answers parse.</summary>
public sealed class FisContractTests(ITestOutputHelper output)
{
    private const string TemplateId = "EXT1a2b3c4d5e6f7";
    private const string ExperimentId = "EXP1a2b3c4d5e6f7";

    private static readonly Dictionary<string, Func<FisClient, Task>> Scenarios = new()
    {
        ["StartExperiment"] = async fis =>
        {
            var experiment = await fis.StartExperimentAsync(TemplateId, new Dictionary<string, string> { ["run"] = "baseline-1" }, "run-1-stop");
            Assert.Equal("sample-id", experiment.Id);
            Assert.Equal("pending", experiment.State.Status);
            Assert.Equal(2, experiment.Actions.Count);
        },
        ["GetExperiment"] = async fis =>
        {
            var experiment = await fis.GetExperimentAsync(ExperimentId);
            var action = experiment.Actions.Values.First();
            Assert.NotNull(action.State.Status);
            Assert.NotNull(action.StartTime);
            Assert.Equal(2, experiment.Tags.Count);
        },
        ["StopExperiment"] = async fis => Assert.NotNull((await fis.StopExperimentAsync(ExperimentId)).State),
        ["ListExperiments"] = async fis =>
        {
            Assert.Equal(2, (await fis.ListExperimentsAsync(TemplateId)).Count);
            Assert.Equal(2, (await fis.ListExperimentsAsync()).Count);
        },
        ["ListExperimentTemplates"] = async fis => Assert.Equal(2, (await fis.ListExperimentTemplatesAsync()).Count),
        ["GetExperimentTemplate"] = async fis =>
        {
            var template = await fis.GetExperimentTemplateAsync(TemplateId);
            Assert.Equal(2, template.Actions.Count);
            Assert.Equal(2, template.Targets.Count);
        },
        ["ListExperimentResolvedTargets"] = async fis => await fis.ListExperimentResolvedTargetsAsync(ExperimentId, "Tasks"),
    };

    public static TheoryData<string> Operations => new(Scenarios.Keys);

    [ModelTheory]
    [MemberData(nameof(Operations))]
    public async Task Request_matches_the_model_and_the_model_output_parses(string operation)
    {
        var model = BotocoreModels.Get("fis");
        var handler = new RecordingHandler(new ModelResponder(model, "fis", TimestampStyle.Exponent).Respond);
        using var fis = FisClient.Create(TestAws.Settings(), handler);

        await Scenarios[operation](fis);

        ContractAssert.RequestsMatchModel(model, "fis", handler.Requests, operation, output);
    }

    [ModelTheory]
    [InlineData(TimestampStyle.Integer)]
    [InlineData(TimestampStyle.Decimal)]
    [InlineData(TimestampStyle.Exponent)]
    [InlineData(TimestampStyle.IsoString)]
    public async Task Experiment_timestamps_parse_as_numbers_and_iso_strings(TimestampStyle style)
    {
        var model = BotocoreModels.Get("fis");
        var handler = new RecordingHandler(new ModelResponder(model, "fis", style).Respond);
        using var fis = FisClient.Create(TestAws.Settings(), handler);

        var experiment = await fis.GetExperimentAsync(ExperimentId);

        var expected = ModelSampleGenerator.ExpectedInstant(style);
        Assert.Equal(expected, experiment.CreationTime);
        Assert.Equal(expected, experiment.StartTime);
        Assert.Equal(expected, experiment.EndTime);
        Assert.All(experiment.Actions.Values, action => Assert.Equal(expected, action.EndTime));
    }

    [ModelFact]
    public void Signing_name_and_protocol_match_the_model()
    {
        var model = BotocoreModels.Get("fis");
        Assert.Equal("rest-json", model.Protocol);
        Assert.Equal("fis", model.SigningName);
    }
}
