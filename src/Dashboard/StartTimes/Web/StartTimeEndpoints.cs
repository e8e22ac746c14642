using System.Text;
using ChaosDashboard.Access;
using ChaosDashboard.Hardening;
using ChaosDashboard.StartTimeAnalysis.Reports;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace ChaosDashboard.StartTimes;

/// <summary>
/// The start-time page's HTTP API: its state as JSON, the export (the library's CSV and markdown
/// writers) and the import of saved events. A bad value gets status 400 and one line saying what to
/// send instead, as plain text, never a stack trace.
/// </summary>
public static class StartTimeEndpoints
{
    public const string PagePath = "/start-times";

    public static IEndpointRouteBuilder MapStartTimes(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/start-times");
        api.MapGet("", GetStateAsync);
        api.MapGet("/export", ExportAsync);
        // Only the operator imports; the endpoint streams the body under its own bound, not the 1 MB of others.
        api.MapPost("/import", ImportAsync).RequireOperator().RequireRateLimiting(Hardening.RateLimits.Actions).WithOwnBodyLimit();
        return routes;
    }

    /// <summary>Reads the filter from the query, or says in one line what is wrong with it.</summary>
    public static bool TryReadFilter(IQueryCollection query, TimeProvider time, out StartTimeFilter filter, out string error) =>
        StartTimeFilter.TryParse(query["from"], query["to"], query["family"], query["compare"], query["with"], time.GetUtcNow(), out filter, out error);

    static IResult Bad(string message, int status = StatusCodes.Status400BadRequest) =>
        Results.Text(message + "\n", "text/plain; charset=utf-8", Encoding.UTF8, status);

    static async Task<IResult> GetStateAsync(HttpRequest request, StartTimeBoard board, TimeProvider time, CancellationToken ct)
    {
        if (!TryReadFilter(request.Query, time, out var filter, out var error)) return Bad(error);
        var model = await StartTimePageModel.BuildAsync(board, filter, ct);
        return Results.Json(model.State, Live.LiveJson.Options);
    }

    /// <summary>
    /// The tables of the filtered tasks as a download: every task of the range (no page limit), the
    /// per task definition table and the comparison, written by the library's report writers.
    /// </summary>
    static async Task<IResult> ExportAsync(HttpRequest request, StartTimeBoard board, TimeProvider time, CancellationToken ct)
    {
        var format = request.Query["format"].ToString().Trim().ToLowerInvariant();
        if (format is "") format = "csv";
        if (format is not ("csv" or "markdown"))
            return Bad($"format: '{request.Query["format"]}' is not a known format; choose csv or markdown.");
        if (!TryReadFilter(request.Query, time, out var filter, out var error)) return Bad(error);

        var model = await StartTimePageModel.BuildAsync(board, filter, ct, limit: int.MaxValue);
        var report = model.ShownReport;
        var text = new StringWriter();
        if (format == "csv") CsvReportWriter.Write(report, text);
        else MarkdownReportWriter.Write(report, new InputSummary { DatabasePath = model.State.Storage }, text);

        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmm'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return Results.File(Encoding.UTF8.GetBytes(text.ToString()),
            format == "csv" ? "text/csv; charset=utf-8" : "text/markdown; charset=utf-8",
            $"start-times-{stamp}.{(format == "csv" ? "csv" : "md")}");
    }

    /// <summary>
    /// Saved events as a file field of a multipart form (the page's form) or as the request body itself.
    /// The body is read as a stream, never buffered whole, and refused beyond StartTimes:MaxImportMegabytes.
    /// </summary>
    static async Task<IResult> ImportAsync(HttpContext context, StartTimeBoard board, StartTimeOptions options, CancellationToken ct)
    {
        var request = context.Request;
        var limit = options.MaxImportBytes;
        var tooLarge = $"The file is larger than {options.MaxImportMegabytes:0.###} MB, the most an import takes (StartTimes:MaxImportMegabytes); split it or raise the setting.";
        if (request.ContentLength > limit) return Bad(tooLarge, StatusCodes.Status413PayloadTooLarge);
        // The server's own cap applies to every request; this endpoint's cap is the setting.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature) sizeFeature.MaxRequestBodySize = limit + 64 * 1024;

        var cluster = request.Query["cluster"].ToString() is { Length: > 0 } c ? c : null;
        var body = new LimitedReadStream(request.Body, limit);
        try
        {
            if (MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
                && contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            {
                var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
                if (string.IsNullOrEmpty(boundary)) return Bad("The form has no multipart boundary: send the file as multipart/form-data or as the request body.");
                var reader = new MultipartReader(boundary, body);
                while (await reader.ReadNextSectionAsync(ct) is { } section)
                {
                    if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
                    if (disposition.IsFormDisposition() && HeaderUtilities.RemoveQuotes(disposition.Name).Equals("cluster", StringComparison.Ordinal))
                    {
                        cluster = await ReadFieldAsync(section.Body, ct) ?? cluster;
                        continue;
                    }
                    if (!disposition.IsFileDisposition()) continue;
                    var name = Path.GetFileName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value);
                    return Results.Json(await StartTimeImporter.ImportAsync(section.Body, string.IsNullOrWhiteSpace(name) ? "upload" : name, cluster, board, ct), Live.LiveJson.Options);
                }
                return Bad("The form holds no file: choose a file of saved events (JSON lines, or get-log-events / filter-log-events output).");
            }
            var source = request.Query["name"].ToString() is { Length: > 0 } n ? Path.GetFileName(n) : "upload";
            return Results.Json(await StartTimeImporter.ImportAsync(body, source, cluster, board, ct), Live.LiveJson.Options);
        }
        catch (ImportTooLargeException)
        {
            return Bad(tooLarge, StatusCodes.Status413PayloadTooLarge);
        }
        catch (System.Data.Common.DbException e) when (!ct.IsCancellationRequested)
        {
            // Not the file's fault: nothing of it was saved (one transaction), so it can simply be sent again.
            var why = e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 }
                ? "the start-time database is busy (another dashboard may be importing into it)"
                : $"the start-time database could not save it ({e.Message.TrimEnd('.')})";
            return Bad($"Nothing was imported: {why}. Send the file again in a moment.", StatusCodes.Status503ServiceUnavailable);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Bad(tooLarge, StatusCodes.Status413PayloadTooLarge);
        }
        catch (Exception e) when (e is BadHttpRequestException or InvalidDataException or IOException && !ct.IsCancellationRequested)
        {
            return Bad($"The upload could not be read: {e.Message}");
        }
    }

    /// <summary>A short text field of the form (at most 1 KB is read); null when blank.</summary>
    static async Task<string?> ReadFieldAsync(Stream body, CancellationToken ct)
    {
        var buffer = new byte[1024];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), ct)) > 0) length += read;
        var text = Encoding.UTF8.GetString(buffer, 0, length).Trim();
        return text.Length == 0 ? null : text;
    }
}
