using ChaosDashboard.StartTimeAnalysis.Analysis;
using ChaosDashboard.StartTimeAnalysis.Sources;

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
    /// <summary>
    /// Tasks saved with a phase below zero or longer than a day: kept and listed (marked), left out of the figures.
    /// </summary>
    public int Implausible { get; init; }
}

/// <summary>
/// Imports a file of saved ECS task events (JSON lines, or saved get-log-events / filter-log-events
/// output, detected from its start) into the start-time store, through the report's fast path. The
/// upload is first kept in a temporary file, so the database is never locked while a client is still
/// sending. Then, in one transaction, the file is read into compact rows (one per task) a window of
/// <see cref="WindowTasks"/> tasks at a time, each window merged into the store: memory does not grow with
/// the file, and all of it is saved or none. Bad lines are counted, never fatal; a cancelled request
/// saves nothing.
/// </summary>
public static class StartTimeImporter
{
    /// <summary>Tasks merged in memory before they are written; an event is a duplicate delivery when it repeats one within them.</summary>
    public const int WindowTasks = 8_000;

    /// <param name="content">The file, read once from its start.</param>
    /// <param name="sourceName">The file name, used in the positions of malformed lines.</param>
    /// <param name="cluster">Keep only this cluster's tasks (name or ARN); null keeps all.</param>
    public static async Task<ImportResult> ImportAsync(
        Stream content, string sourceName, string? cluster, StartTimeBoard board, CancellationToken cancellationToken)
    {
        var spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await using var _ = spool;
        await content.CopyToAsync(spool, 1 << 20, cancellationToken);

        // Set by each run of the reading (a second one when a damaged database hands over to memory).
        var tally = new InputTally();
        long duplicates = 0;
        int implausible = 0;
        var saved = await board.ImportAsync(async save =>
        {
            spool.Position = 0;
            tally = new InputTally();
            (duplicates, implausible) = (0, 0);
            await EventFileReader.ReadInWindowsAsync(spool, sourceName, new EventIntake(cluster, tally), WindowTasks, async window =>
            {
                await save(window.Samples());
                duplicates += window.DuplicateDeliveries;
                implausible += StartTimeReport.Build(window).Implausible;
            }, cancellationToken);
        }, cancellationToken);

        return new ImportResult
        {
            Source = sourceName,
            Kind = tally.Sources.Count > 0 ? tally.Sources[0].Kind : EventFileReader.JsonLinesKind,
            Messages = tally.Messages,
            TaskEvents = tally.TaskEvents,
            DuplicateDeliveries = duplicates,
            Tasks = saved.Added + saved.Updated + saved.Unchanged,
            Added = saved.Added,
            Updated = saved.Updated,
            AlreadyKnown = saved.Unchanged,
            OtherKinds = tally.OtherKinds,
            OtherClusters = tally.OtherClusters,
            Malformed = tally.Malformed,
            MalformedExamples = tally.MalformedExamples.Select(m => m.ToString()).ToList(),
            Implausible = implausible,
        };
    }
}
