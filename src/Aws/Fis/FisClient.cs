using ChaosDashboard.Aws.Errors;
using ChaosDashboard.Aws.Protocol;
using ChaosDashboard.Aws.Signing;

namespace ChaosDashboard.Aws.Fis;

/// <summary>AWS Fault Injection Service over its REST API (restJson1, signing name "fis").</summary>
public sealed class FisClient : IDisposable
{
    private readonly RestJsonClient _rest;

    /// <summary>Takes ownership of <paramref name="channel"/>.</summary>
    public FisClient(SignedHttpChannel channel) => _rest = new RestJsonClient(channel);

    public static FisClient Create(AwsSettings settings, HttpMessageHandler? transport = null) =>
        new(SignedHttpChannel.Create(settings, AwsService.Fis, transport));

    /// <summary>
    /// Starts an experiment from a template. FIS requires a client token; one is generated when
    /// none is given, and reused by the retries of this call so they cannot start a second run.
    /// About 5 experiments may be active per account (ServiceQuotaExceededException, HTTP 402).
    /// </summary>
    public async Task<FisExperiment> StartExperimentAsync(
        string experimentTemplateId,
        IReadOnlyDictionary<string, string>? tags = null,
        string? clientToken = null,
        CancellationToken cancellationToken = default)
    {
        var input = new StartExperimentInput(
            clientToken ?? Guid.NewGuid().ToString(),
            experimentTemplateId,
            tags is { Count: > 0 } ? tags : null);
        var output = await _rest.SendAsync<ExperimentOutput>(
            "StartExperiment", HttpMethod.Post, "experiments", input, cancellationToken).ConfigureAwait(false);
        return RequireExperiment(output, "StartExperiment");
    }

    public async Task<FisExperiment> GetExperimentAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        var output = await _rest.SendAsync<ExperimentOutput>(
            "GetExperiment", HttpMethod.Get, RestPath.Combine("experiments", experimentId), null, cancellationToken)
            .ConfigureAwait(false);
        return RequireExperiment(output, "GetExperiment");
    }

    /// <summary>Asks FIS to stop a running experiment; its state becomes stopping, then stopped.</summary>
    public async Task<FisExperiment> StopExperimentAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        var output = await _rest.SendAsync<ExperimentOutput>(
            "StopExperiment", HttpMethod.Delete, RestPath.Combine("experiments", experimentId), null, cancellationToken)
            .ConfigureAwait(false);
        return RequireExperiment(output, "StopExperiment");
    }

    /// <summary>Experiments of the account (FIS keeps them 120 days), optionally of one template, all pages.</summary>
    public Task<List<FisExperimentSummary>> ListExperimentsAsync(
        string? experimentTemplateId = null, CancellationToken cancellationToken = default) =>
        Pagination.CollectAsync<FisExperimentSummary>(async (token, ct) =>
        {
            var path = RestPath.WithQuery("experiments", ("experimentTemplateId", experimentTemplateId), ("nextToken", token));
            var output = await _rest.SendAsync<ExperimentListOutput>("ListExperiments", HttpMethod.Get, path, null, ct)
                .ConfigureAwait(false);
            return (output.Experiments, output.NextToken);
        }, cancellationToken);

    /// <summary>Every template of the account and region, all pages.</summary>
    public Task<List<FisExperimentTemplateSummary>> ListExperimentTemplatesAsync(CancellationToken cancellationToken = default) =>
        Pagination.CollectAsync<FisExperimentTemplateSummary>(async (token, ct) =>
        {
            var path = RestPath.WithQuery("experimentTemplates", ("nextToken", token));
            var output = await _rest.SendAsync<TemplateListOutput>("ListExperimentTemplates", HttpMethod.Get, path, null, ct)
                .ConfigureAwait(false);
            return (output.ExperimentTemplates, output.NextToken);
        }, cancellationToken);

    /// <summary>
    /// The template whose Name tag equals <paramref name="name"/> (e.g. "FisWorkshopECSTask"), or
    /// null. FIS has no name filter, so every page is read. When several templates carry the name,
    /// the most recently updated one wins.
    /// </summary>
    public async Task<FisExperimentTemplateSummary?> FindTemplateByNameTagAsync(
        string name, CancellationToken cancellationToken = default)
    {
        var templates = await ListExperimentTemplatesAsync(cancellationToken).ConfigureAwait(false);
        return templates
            .Where(template => string.Equals(template.Name, name, StringComparison.Ordinal))
            .OrderByDescending(template => template.LastUpdateTime ?? template.CreationTime ?? DateTimeOffset.MinValue)
            .FirstOrDefault();
    }

    public async Task<FisExperimentTemplate> GetExperimentTemplateAsync(
        string templateId, CancellationToken cancellationToken = default)
    {
        var output = await _rest.SendAsync<TemplateOutput>(
            "GetExperimentTemplate", HttpMethod.Get, RestPath.Combine("experimentTemplates", templateId), null, cancellationToken)
            .ConfigureAwait(false);
        return output.ExperimentTemplate
            ?? throw MissingMember("GetExperimentTemplate", "experimentTemplate");
    }

    /// <summary>The resources an experiment's targets resolved to (e.g. which task it stopped), all pages.</summary>
    public Task<List<FisResolvedTarget>> ListExperimentResolvedTargetsAsync(
        string experimentId, string? targetName = null, CancellationToken cancellationToken = default) =>
        Pagination.CollectAsync<FisResolvedTarget>(async (token, ct) =>
        {
            var path = RestPath.WithQuery(
                RestPath.Combine("experiments", experimentId, "resolvedTargets"),
                ("targetName", targetName),
                ("nextToken", token));
            var output = await _rest.SendAsync<ResolvedTargetListOutput>("ListExperimentResolvedTargets", HttpMethod.Get, path, null, ct)
                .ConfigureAwait(false);
            return (output.ResolvedTargets, output.NextToken);
        }, cancellationToken);

    public void Dispose() => _rest.Channel.Dispose();

    private static FisExperiment RequireExperiment(ExperimentOutput output, string operation) =>
        output.Experiment ?? throw MissingMember(operation, "experiment");

    private static AwsServiceException MissingMember(string operation, string member) =>
        new(AwsService.Fis.DisplayName, operation, 200, AwsErrorCodes.MalformedResponse,
            $"the response has no '{member}'", null);
}
