using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosDashboard.Live;

namespace ChaosDashboard.Trials;

/// <summary>A trial file that cannot be imported, with the line where it goes wrong.</summary>
public sealed class TrialFileException(int line, string message)
    : Exception(line > 0 ? $"Line {line}: {message}" : message)
{
    public int Line { get; } = line;
}

/// <summary>
/// One trial as a file of JSON lines, so a run recorded in one place replays anywhere: a header line
/// (the format, its version, the trial's summary and how many changes follow), then each recorded
/// change of the live model in order.
/// </summary>
public static class TrialFile
{
    public const string Format = "chaos-dashboard-trial";
    public const int Version = 1;
    public const string Extension = ".trial.jsonl";

    static readonly JsonSerializerOptions Compact = LiveJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = false });

    public static async Task WriteAsync(Stream output, TrialSummary summary, IReadOnlyList<TrialChange> changes, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        var header = new JsonObject
        {
            ["format"] = Format,
            ["version"] = Version,
            ["changes"] = changes.Count,
            ["trial"] = JsonSerializer.SerializeToNode(summary, Compact),
        };
        await writer.WriteLineAsync(header.ToJsonString(Compact));
        foreach (var change in changes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // The change's data is written as it was recorded, byte for byte.
            await writer.WriteAsync("{\"number\":");
            await writer.WriteAsync(change.Number.ToString(CultureInfo.InvariantCulture));
            await writer.WriteAsync(",\"at\":");
            await writer.WriteAsync(JsonSerializer.Serialize(change.At, Compact));
            await writer.WriteAsync(",\"type\":");
            await writer.WriteAsync(JsonSerializer.Serialize(change.Type, Compact));
            await writer.WriteAsync(",\"data\":");
            await writer.WriteAsync(change.Data);
            await writer.WriteLineAsync("}");
        }
    }

    /// <summary>
    /// Reads and checks a whole file before anything is saved: each change must apply in order onto
    /// the state before it, as a replay will apply it. Throws <see cref="TrialFileException"/> naming
    /// the line of the first problem.
    /// </summary>
    public static async Task<(TrialSummary Summary, List<TrialChange> Changes)> ReadAsync(Stream input, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(input, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        var lineNumber = 0;
        string? line;
        try
        {
            line = await reader.ReadLineAsync(cancellationToken);
        }
        catch (DecoderFallbackException)
        {
            throw new TrialFileException(1, "the file is not UTF-8 text: it is not a trial file.");
        }
        lineNumber = 1;
        if (string.IsNullOrWhiteSpace(line)) throw new TrialFileException(0, "The file is empty: it is not a trial file.");

        var (expected, header) = ReadHeader(line);
        var state = new TrialState();
        var changes = new List<TrialChange>();
        while (true)
        {
            try
            {
                line = await reader.ReadLineAsync(cancellationToken);
            }
            catch (DecoderFallbackException)
            {
                throw new TrialFileException(lineNumber + 1, "the line is not UTF-8 text.");
            }
            if (line is null) break;
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var change = ReadChange(line, lineNumber, changes.Count == 0 ? -1 : changes[^1].Number);
            if (changes.Count == 0 && change.Type != "snapshot")
                throw new TrialFileException(lineNumber, $"the first change must be the snapshot the trial starts from, not \"{change.Type}\".");
            try
            {
                state.Apply(change.Type, change.Data);
            }
            catch (TrialChangeException e)
            {
                throw new TrialFileException(lineNumber, e.Message + ".");
            }
            changes.Add(change);
        }
        if (changes.Count == 0) throw new TrialFileException(lineNumber, "the file has a header but no changes: the trial is missing.");
        if (changes.Count != expected)
            throw new TrialFileException(lineNumber,
                $"the file ends after {changes.Count} change{(changes.Count == 1 ? "" : "s")} but its header announces {expected}: it was cut short or altered.");

        var first = changes[0].At;
        var last = changes[^1].At;
        var summary = TrialSummary.From(state.ToSnapshot(), new TrialSummary
        {
            StartedAt = first,
            LastChangeAt = last,
            EndedAt = header?.EndedAt is { } ended && ended >= first ? ended : last,
            EndReason = header?.EndReason,
            Imported = true,
        }) with
        {
            Changes = changes.Count,
            LogLines = header?.LogLines ?? changes.Count(c => c.Type == "log"),
        };
        return (summary, changes);
    }

    static (int Expected, TrialSummary? Header) ReadHeader(string line)
    {
        JsonObject? header;
        try
        {
            header = JsonNode.Parse(line) as JsonObject;
        }
        catch (JsonException)
        {
            header = null;
        }
        if (header is null || header["format"]?.GetValueKind() != JsonValueKind.String || header["format"]!.GetValue<string>() != Format)
            throw new TrialFileException(1, $"this is not a Chaos Dashboard trial file (its first line must be the header with \"format\": \"{Format}\").");
        if (header["version"] is not JsonValue version || !version.TryGetValue<int>(out var v))
            throw new TrialFileException(1, "the header has no format version.");
        if (v != Version)
            throw new TrialFileException(1, $"format version {v} is not one this dashboard reads (it reads version {Version}).");
        if (header["changes"] is not JsonValue count || !count.TryGetValue<int>(out var expected) || expected < 1)
            throw new TrialFileException(1, "the header does not say how many changes follow.");
        TrialSummary? summary = null;
        try
        {
            summary = header["trial"]?.Deserialize<TrialSummary>(LiveJson.Options);
        }
        catch (JsonException)
        {
            throw new TrialFileException(1, "the header's trial summary is not valid.");
        }
        return (expected, summary);
    }

    static TrialChange ReadChange(string line, int lineNumber, int previous)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(line);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new TrialFileException(lineNumber, $"not valid JSON at character {(e.BytePositionInLine ?? 0) + 1}; the file may be damaged or cut short.");
        }
        if (root.ValueKind != JsonValueKind.Object)
            throw new TrialFileException(lineNumber, "a change must be a JSON object.");
        if (!root.TryGetProperty("number", out var n) || n.ValueKind != JsonValueKind.Number || !n.TryGetInt32(out var number))
            throw new TrialFileException(lineNumber, "the change has no number.");
        if (number <= previous)
            throw new TrialFileException(lineNumber, $"change {number} comes after change {previous}: the changes are out of order.");
        if (!root.TryGetProperty("at", out var atElement) || atElement.ValueKind != JsonValueKind.String || !atElement.TryGetDateTimeOffset(out var at))
            throw new TrialFileException(lineNumber, "the change has no time (\"at\").");
        if (!root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            throw new TrialFileException(lineNumber, "the change has no type.");
        var type = typeElement.GetString()!;
        if (!TrialState.Types.Contains(type))
            throw new TrialFileException(lineNumber, $"\"{Short(type)}\" is not a kind of change this dashboard records.");
        if (!root.TryGetProperty("data", out var data) || data.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
            throw new TrialFileException(lineNumber, "the change has no data.");
        return new TrialChange(number, at, type, data.GetRawText());
    }

    static string Short(string text) => text.Length > 120 ? text[..120] + "…" : text;
}
