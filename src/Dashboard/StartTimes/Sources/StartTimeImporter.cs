using ChaosDashboard.StartTime.Analysis;
using ChaosDashboard.StartTime.Sources;

namespace ChaosDashboard.StartTimes;

/// <summary>What an import read and what it changed, for the page to show.</summary>
public sealed record ImportResult
{
    public required string Source { get; init; }
    /// <summary>The form found: JSON lines, get-log-events output or filter-log-events output.</summary>
    public required string Kind { get; init; }
    public long Messages { get; init; }
    public long TaskEvents { get; init; }
    /// <summary>Events delivered more than once (the same task and version).</summary>
    public long DuplicateDeliveries { get; init; }
    /// <summary>Distinct tasks in the file.</summary>
    public int Tasks { get; init; }
    public int Added { get; init; }
    public int Updated { get; init; }
    /// <summary>Tasks already stored with the same times.</summary>
    public int AlreadyKnown { get; init; }
    /// <summary>Valid JSON that is not an ECS Task State Change event.</summary>
    public long OtherKinds { get; init; }
    /// <summary>Task events of another cluster than the one asked for.</summary>
    public long OtherClusters { get; init; }
    public long Ignored => OtherKinds + OtherClusters;
    public long Malformed { get; init; }
    /// <summary>The first few malformed lines or log events, each with its position and reason.</summary>
    public IReadOnlyList<string> MalformedExamples { get; init; } = [];
}

/// <summary>
/// Imports a file of saved ECS task events (JSON lines, or saved get-log-events / filter-log-events
/// output, detected from its start) into the start-time store. Bad lines are counted, never fatal.
/// </summary>
public static class StartTimeImporter
{
    /// <param name="content">The file, read once from its start.</param>
    /// <param name="sourceName">The file name, used in the positions of malformed lines.</param>
    /// <param name="cluster">Keep only this cluster's tasks (name or ARN); null keeps all.</param>
    public static async Task<ImportResult> ImportAsync(
        Stream content, string sourceName, string? cluster, StartTimeBoard board, CancellationToken cancellationToken)
    {
        var tally = new InputTally();
        var intake = new EventIntake(cluster, tally);
        // One merged sample per task: the upload's size limit bounds how many there can be.
        var merger = new TaskStartMerger();
        await foreach (var sample in EventFileReader.ReadAsync(content, sourceName, intake, cancellationToken))
            merger.Add(sample);

        var saved = await board.SaveAsync(merger.Tasks.ToList(), cancellationToken);
        return new ImportResult
        {
            Source = sourceName,
            Kind = tally.Sources.Count > 0 ? tally.Sources[0].Kind : EventFileReader.JsonLinesKind,
            Messages = tally.Messages,
            TaskEvents = tally.TaskEvents,
            DuplicateDeliveries = merger.DuplicateDeliveries,
            Tasks = merger.TaskCount,
            Added = saved.Count(s => s.Result == SaveResult.Added),
            Updated = saved.Count(s => s.Result == SaveResult.Updated),
            AlreadyKnown = saved.Count(s => s.Result == SaveResult.Unchanged),
            OtherKinds = tally.OtherKinds,
            OtherClusters = tally.OtherClusters,
            Malformed = tally.Malformed,
            MalformedExamples = tally.MalformedExamples.Select(m => m.ToString()).ToList(),
        };
    }
}
