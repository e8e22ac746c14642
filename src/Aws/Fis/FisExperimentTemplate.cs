using System.Text.Json.Serialization;

namespace ChaosDashboard.Aws.Fis;

/// <summary>An experiment template as ListExperimentTemplates returns it. Templates have no name field: the console shows the Name tag.</summary>
public sealed record FisExperimentTemplateSummary
{
    public const string NameTag = "Name";

    public string? Id { get; init; }
    public string? Arn { get; init; }
    public string? Description { get; init; }
    public DateTimeOffset? CreationTime { get; init; }
    public DateTimeOffset? LastUpdateTime { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    [JsonIgnore]
    public string? Name => Tags.GetValueOrDefault(NameTag);
}

/// <summary>A template in full, as GetExperimentTemplate returns it.</summary>
public sealed record FisExperimentTemplate
{
    public string? Id { get; init; }
    public string? Arn { get; init; }
    public string? Description { get; init; }
    public string? RoleArn { get; init; }
    public IReadOnlyDictionary<string, FisExperimentTarget> Targets { get; init; } =
        new Dictionary<string, FisExperimentTarget>();
    public IReadOnlyDictionary<string, FisTemplateAction> Actions { get; init; } =
        new Dictionary<string, FisTemplateAction>();

    /// <summary>Source "none" means the experiment runs to the end whatever happens.</summary>
    public IReadOnlyList<FisStopCondition> StopConditions { get; init; } = [];

    public DateTimeOffset? CreationTime { get; init; }
    public DateTimeOffset? LastUpdateTime { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    [JsonIgnore]
    public string? Name => Tags.GetValueOrDefault(FisExperimentTemplateSummary.NameTag);
}

public sealed record FisTemplateAction
{
    public string? ActionId { get; init; }
    public string? Description { get; init; }
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Targets { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<string> StartAfter { get; init; } = [];
}

public sealed record FisStopCondition(string? Source, string? Value);
