using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ChaosDashboard.Aws.Tests.Infrastructure;

/// <summary>
/// Finds the botocore service models (the machine-readable AWS API definitions the AWS CLI is built
/// from) and loads them. Several botocore installs can coexist (Debian's python3-botocore, a pip
/// install); for each service the newest botocore release wins, because the API grows over time.
/// BOTOCORE_DATA_PATH (directories separated by ':') replaces the search, to pin the models used.
/// </summary>
public static partial class BotocoreModels
{
    public const string DebianDataDirectory = "/usr/lib/python3/dist-packages/botocore/data";

    private static readonly Lazy<IReadOnlyList<DataDirectory>> Directories = new(FindDataDirectories);
    private static readonly Dictionary<string, ServiceModel> Loaded = new();

    public static bool Available => Directories.Value.Count > 0;

    public static string MissingMessage =>
        "No botocore service models were found. Install them with 'apt-get install python3-botocore' "
        + "(or 'pip install botocore'). Searched: " + string.Join(", ", SearchedLocations());

    /// <summary>The model of <paramref name="service"/> (e.g. "ecs"), from the newest botocore that has it.</summary>
    public static ServiceModel Get(string service)
    {
        lock (Loaded)
        {
            if (Loaded.TryGetValue(service, out var cached))
            {
                return cached;
            }

            if (!Available)
            {
                throw new InvalidOperationException(MissingMessage);
            }

            foreach (var directory in Directories.Value.OrderByDescending(d => d.Version))
            {
                var serviceDirectory = Path.Combine(directory.Path, service);
                if (!System.IO.Directory.Exists(serviceDirectory))
                {
                    continue;
                }

                var versionDirectory = System.IO.Directory.GetDirectories(serviceDirectory).OrderDescending(StringComparer.Ordinal).First();
                var file = new[] { "service-2.json", "service-2.json.gz" }
                    .Select(name => Path.Combine(versionDirectory, name))
                    .FirstOrDefault(File.Exists);
                if (file is null)
                {
                    continue;
                }

                using var stream = File.OpenRead(file);
                using var content = file.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(stream, CompressionMode.Decompress) : (Stream)stream;
                var model = new ServiceModel(JsonDocument.Parse(content).RootElement.Clone(), file, directory.Version);
                Loaded[service] = model;
                return model;
            }

            throw new InvalidOperationException($"No botocore model for service '{service}' in: {string.Join(", ", Directories.Value.Select(d => d.Path))}");
        }
    }

    private static IEnumerable<string> SearchedLocations()
    {
        if (PinnedDirectories() is { } pinned)
        {
            foreach (var path in pinned)
            {
                yield return path;
            }

            yield break;
        }

        yield return "python3 -c 'import botocore' (PATH)";
        yield return "/usr/bin/python3 -c 'import botocore'";
        yield return DebianDataDirectory;
    }

    private static IReadOnlyList<DataDirectory> FindDataDirectories()
    {
        var candidates = new List<string>();
        if (PinnedDirectories() is { } pinned)
        {
            return Describe(pinned);
        }

        foreach (var python in new[] { "python3", "/usr/bin/python3" })
        {
            if (AskPythonForBotocore(python) is { } packageDirectory)
            {
                candidates.Add(Path.Combine(packageDirectory, "data"));
            }
        }

        candidates.Add(DebianDataDirectory);
        return Describe(candidates);
    }

    private static string[]? PinnedDirectories() =>
        Environment.GetEnvironmentVariable("BOTOCORE_DATA_PATH") is { Length: > 0 } value
            ? value.Split(':', StringSplitOptions.RemoveEmptyEntries)
            : null;

    private static IReadOnlyList<DataDirectory> Describe(IEnumerable<string> candidates) =>
        candidates
            .Where(System.IO.Directory.Exists)
            .Select(Path.GetFullPath)
            .Distinct()
            .Select(path => new DataDirectory(path, ReadBotocoreVersion(path)))
            .ToList();

    private static string? AskPythonForBotocore(string python)
    {
        try
        {
            var start = new ProcessStartInfo(python, ["-c", "import botocore, os; print(os.path.dirname(botocore.__file__))"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd().Trim();
            if (!process.WaitForExit(15_000))
            {
                process.Kill();
                return null;
            }

            return process.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static Version ReadBotocoreVersion(string dataDirectory)
    {
        var init = Path.Combine(Path.GetDirectoryName(dataDirectory)!, "__init__.py");
        if (File.Exists(init) && VersionLine().Match(File.ReadAllText(init)) is { Success: true } match
            && Version.TryParse(match.Groups[1].Value, out var version))
        {
            return version;
        }

        return new Version(0, 0);
    }

    [GeneratedRegex(@"__version__\s*=\s*['""]([0-9.]+)['""]")]
    private static partial Regex VersionLine();

    private sealed record DataDirectory(string Path, Version Version);
}

/// <summary>One service's model: metadata, operations and shapes.</summary>
public sealed class ServiceModel
{
    private readonly JsonElement _root;

    public ServiceModel(JsonElement root, string sourceFile, Version botocoreVersion)
    {
        _root = root;
        SourceFile = sourceFile;
        BotocoreVersion = botocoreVersion;
    }

    public string SourceFile { get; }

    public Version BotocoreVersion { get; }

    public JsonElement Metadata => _root.GetProperty("metadata");

    public string Protocol => Metadata.GetProperty("protocol").GetString()!;

    public string? TargetPrefix => Metadata.TryGetProperty("targetPrefix", out var prefix) ? prefix.GetString() : null;

    public string? JsonVersion => Metadata.TryGetProperty("jsonVersion", out var version) ? version.GetString() : null;

    public string ApiVersion => Metadata.GetProperty("apiVersion").GetString()!;

    public string SigningName =>
        Metadata.TryGetProperty("signingName", out var name) ? name.GetString()! : Metadata.GetProperty("endpointPrefix").GetString()!;

    public string Describe => $"{SourceFile} (botocore {BotocoreVersion})";

    public bool HasOperation(string name) => _root.GetProperty("operations").TryGetProperty(name, out _);

    public IEnumerable<OperationModel> Operations =>
        _root.GetProperty("operations").EnumerateObject().Select(op => new OperationModel(op.Name, op.Value));

    public OperationModel Operation(string name) => new(name, _root.GetProperty("operations").GetProperty(name));

    public JsonElement Shape(string name) => _root.GetProperty("shapes").GetProperty(name);

    public string ShapeType(string name) => Shape(name).GetProperty("type").GetString()!;
}

public sealed class OperationModel
{
    public OperationModel(string name, JsonElement definition)
    {
        Name = name;
        Definition = definition;
    }

    public string Name { get; }

    public JsonElement Definition { get; }

    public string HttpMethod => Definition.GetProperty("http").GetProperty("method").GetString()!;

    /// <summary>The request URI template, e.g. "/experiments/{id}"; may carry a fixed query after '?'.</summary>
    public string RequestUri => Definition.GetProperty("http").GetProperty("requestUri").GetString()!;

    public string? InputShape => Definition.TryGetProperty("input", out var input) ? input.GetProperty("shape").GetString() : null;

    public string? OutputShape => Definition.TryGetProperty("output", out var output) ? output.GetProperty("shape").GetString() : null;
}
