using ChaosDashboard.Experiment;
using ChaosDashboard.StartTimes;

namespace ChaosDashboard.Trials;

/// <summary>
/// Every change to the recorded trials, from a page or from <c>/api/trials</c>: deleting one and
/// importing one. Kept in one place so that who may do them is decided in one place.
/// </summary>
public sealed class TrialActions(TrialStore store, TrialRecorder recorder, TrialOptions options, ILogger<TrialActions> logger)
{
    public sealed record ImportOutcome(bool Ok, string Message, long? TrialId = null);

    public ActionOutcome Delete(long id)
    {
        if (recorder.CurrentTrialId == id)
            return ActionOutcome.Failed($"Trial {id} is being recorded now; clear the table to end it before deleting it.");
        try
        {
            return store.Delete(id)
                ? ActionOutcome.Done($"Deleted trial {id}", id.ToString(System.Globalization.CultureInfo.InvariantCulture))
                : ActionOutcome.Failed($"There is no trial {id}.");
        }
        catch (Exception e) when (e is System.Data.Common.DbException)
        {
            logger.LogWarning(e, "Trials: deleting trial {Id} failed", id);
            return ActionOutcome.Failed($"Trial {id} could not be deleted: the trials database is busy or cannot be written. Try again in a moment.");
        }
    }

    public string TooLargeMessage =>
        $"The file is larger than {options.MaxImportMegabytes:0.###} MB, the most an import takes (Trials:MaxImportMegabytes).";

    /// <summary>
    /// Reads the whole file first (at most Trials:MaxImportMegabytes) and checks every line; only a
    /// file that is entirely good is saved, in one transaction.
    /// </summary>
    public async Task<ImportOutcome> ImportAsync(Stream content, CancellationToken cancellationToken)
    {
        try
        {
            var (summary, changes) = await TrialFile.ReadAsync(new LimitedReadStream(content, options.MaxImportBytes), cancellationToken);
            var id = store.Import(summary, changes);
            store.Prune(options.KeepTrials, recorder.CurrentTrialId is { } current ? current : id);
            return new ImportOutcome(true, $"Imported as trial {id}: {changes.Count} changes, {summary.ModeText}, {summary.Headline}", id);
        }
        catch (TrialFileException e)
        {
            return new ImportOutcome(false, $"Nothing was imported. {e.Message}");
        }
        catch (ImportTooLargeException)
        {
            return new ImportOutcome(false, $"Nothing was imported. {TooLargeMessage}");
        }
        catch (System.Data.Common.DbException e)
        {
            logger.LogWarning(e, "Trials: an import could not be saved");
            return new ImportOutcome(false, "Nothing was imported: the trials database is busy or cannot be written. Try again in a moment.");
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new ImportOutcome(false, $"Nothing was imported: the upload could not be read ({e.Message.TrimEnd('.')}).");
        }
    }
}
