using ChaosDashboard.Access;
using ChaosDashboard.StartTimes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace ChaosDashboard.Components.StartTimes;

/// <summary>
/// Imports a file chosen in the browser through the same importer as <c>POST /api/start-times/import</c>.
/// The file streams over the page's connection, never read whole, and is refused beyond
/// StartTimes:MaxImportMegabytes before a byte is read.
/// </summary>
public partial class StartTimeImportForm : IDisposable
{
    [Inject] StartTimeBoard Board { get; set; } = default!;
    [Inject] StartTimeOptions Options { get; set; } = default!;
    [Inject] ILogger<StartTimeImportForm> Logger { get; set; } = default!;
    [Inject] OperatorGate Gate { get; set; } = default!;

    string? _cluster;
    IBrowserFile? _file;
    bool _importing;
    ImportResult? _result;
    string? _error;
    readonly CancellationTokenSource _gone = new();

    void Choose(InputFileChangeEventArgs e)
    {
        _file = e.File;
        _error = null;
        _result = null;
    }

    async Task ImportAsync()
    {
        if (_file is not { } file || _importing) return;
        _importing = true;
        _error = null;
        _result = null;
        try
        {
            // Only the operator's page has the form; an import from any other is refused and recorded.
            if (!await Gate.AllowAsync("import start times"))
            {
                _error = OperatorEndpoints.ViewerRefusal;
                return;
            }
            if (file.Size > Options.MaxImportBytes)
            {
                _error = $"The file is larger than {Options.MaxImportMegabytes:0.###} MB, the most an import takes (StartTimes:MaxImportMegabytes); split it or raise the setting.";
                return;
            }
            await using var content = file.OpenReadStream(Options.MaxImportBytes, _gone.Token);
            var cluster = string.IsNullOrWhiteSpace(_cluster) ? null : _cluster.Trim();
            _result = await StartTimeImporter.ImportAsync(content, Path.GetFileName(file.Name), cluster, Board, _gone.Token);
            Gate.Record("import start times", $"{_result.Source}: {_result.Added} added, {_result.Updated} updated, {_result.Malformed} malformed");
        }
        catch (OperationCanceledException) when (_gone.IsCancellationRequested) { }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            _error = $"The file could not be read: {e.Message}";
        }
        catch (Exception e)
        {
            Logger.LogError(e, "Start times: an import failed");
            _error = "The import failed; the dashboard's log has the details.";
        }
        finally
        {
            _importing = false;
        }
    }

    static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} bytes",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes / (1024.0 * 1024):0.#} MB",
    };

    public void Dispose()
    {
        _gone.Cancel();
        _gone.Dispose();
    }
}
