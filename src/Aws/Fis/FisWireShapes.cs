namespace ChaosDashboard.Aws.Fis;

// Bodies exactly as the FIS REST API spells them (botocore model fis/2020-12-01).

internal sealed record StartExperimentInput(
    string ClientToken,
    string ExperimentTemplateId,
    IReadOnlyDictionary<string, string>? Tags);

internal sealed class ExperimentOutput
{
    public FisExperiment? Experiment { get; init; }
}

internal sealed class ExperimentListOutput
{
    public List<FisExperimentSummary> Experiments { get; init; } = [];
    public string? NextToken { get; init; }
}

internal sealed class TemplateListOutput
{
    public List<FisExperimentTemplateSummary> ExperimentTemplates { get; init; } = [];
    public string? NextToken { get; init; }
}

internal sealed class TemplateOutput
{
    public FisExperimentTemplate? ExperimentTemplate { get; init; }
}

internal sealed class ResolvedTargetListOutput
{
    public List<FisResolvedTarget> ResolvedTargets { get; init; } = [];
    public string? NextToken { get; init; }
}
