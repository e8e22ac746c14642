using System.Globalization;
using System.Text.Json;

namespace ChaosDashboard.Aws.Tests.Infrastructure;

/// <summary>
/// Checks a form-encoded request of the query protocols (botocore "query", as STS speaks it, and
/// "ec2") against a botocore model: POST to the model's URI, the form content type, Action naming an
/// operation of the model, Version its API version, and every other parameter a member of the input
/// shape under the name the protocol gives it, with a value of the right type (enums, length and
/// range limits included); required members must be there.
/// </summary>
/// <remarks>
/// How the names are built follows botocore's serializers: EC2 capitalises a member's locationName
/// (unless it has a queryName) and numbers list elements directly (Filter.1.Value.1); the query
/// protocol uses the locationName as it is and puts lists under ".member.N" unless flattened.
/// </remarks>
public sealed class QueryRequestChecker
{
    private readonly ServiceModel _model;
    private readonly bool _ec2;
    private readonly List<string> _problems = [];

    private QueryRequestChecker(ServiceModel model)
    {
        _model = model;
        _ec2 = model.Protocol == "ec2";
    }

    public static bool Handles(ServiceModel model) => model.Protocol is "query" or "ec2";

    /// <summary>The form's Action; null when the body has none.</summary>
    public static string? IdentifyOperation(CapturedRequest request) =>
        ParseForm(request.BodyText).GetValueOrDefault("Action");

    public static ModelRequestChecker.Result Check(ServiceModel model, CapturedRequest request)
    {
        var checker = new QueryRequestChecker(model);
        var operation = checker.CheckRequest(request);
        return new ModelRequestChecker.Result(operation, checker._problems, []);
    }

    /// <summary>The form parameters, unescaped; a repeated name is kept once and reported by <see cref="Check"/>.</summary>
    public static Dictionary<string, string> ParseForm(string body)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            form.TryAdd(Unescape(parts[0]), parts.Length > 1 ? Unescape(parts[1]) : "");
        }

        return form;
    }

    private static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    private string? CheckRequest(CapturedRequest request)
    {
        var contentType = request.Header("Content-Type") ?? "";
        Expect(contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase),
            $"Content-Type '{contentType}', expected application/x-www-form-urlencoded");

        var pairs = request.BodyText.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => Unescape(p.Split('=', 2)[0])).ToList();
        foreach (var repeated in pairs.GroupBy(name => name).Where(g => g.Count() > 1))
        {
            _problems.Add($"parameter {repeated.Key} is sent {repeated.Count()} times");
        }

        var form = ParseForm(request.BodyText);
        if (!form.TryGetValue("Action", out var operationName) || operationName.Length == 0)
        {
            _problems.Add("the form has no Action");
            return null;
        }

        if (!_model.HasOperation(operationName))
        {
            _problems.Add($"operation {operationName} is not in {_model.Describe}");
            return operationName;
        }

        var operation = _model.Operation(operationName);
        Expect(request.Method == operation.HttpMethod, $"method {request.Method}, model says {operation.HttpMethod}");
        Expect(request.RawPath == operation.RequestUri, $"path {request.RawPath}, model says {operation.RequestUri}");
        Expect(form.GetValueOrDefault("Version") == _model.ApiVersion,
            $"Version '{form.GetValueOrDefault("Version")}', model says {_model.ApiVersion}");

        var parameters = form.Where(p => p.Key is not ("Action" or "Version")).ToList();
        if (operation.InputShape is not { } inputShape)
        {
            Expect(parameters.Count == 0, $"the operation has no input but the request sends {string.Join(", ", parameters.Select(p => p.Key))}");
            return operationName;
        }

        var tree = new Node();
        foreach (var (name, value) in parameters)
        {
            tree.Add(name.Split('.'), value, name, _problems);
        }

        CheckNode(tree, inputShape, "");
        return operationName;
    }

    private void CheckNode(Node node, string shapeName, string path)
    {
        var shape = _model.Shape(shapeName);
        var type = shape.GetProperty("type").GetString();
        if (type is "structure" or "list" or "map")
        {
            if (node.Value is not null)
            {
                // The query protocol (not EC2's) sends an empty list as "Name=".
                if (type == "list" && !_ec2 && node.Value.Length == 0 && node.Children.Count == 0)
                {
                    return;
                }

                _problems.Add($"{Show(path)}: '{node.Value}' given where {shapeName} is a {type}");
                return;
            }
        }
        else if (node.Value is null || node.Children.Count > 0)
        {
            _problems.Add($"{Show(path)}: {shapeName} is a {type}, but parameters below it are sent ({string.Join(", ", node.Children.Keys)})");
            return;
        }

        switch (type)
        {
            case "structure":
                CheckStructure(node, shape, shapeName, path);
                break;
            case "list":
                CheckList(node, shape, shapeName, path);
                break;
            case "map":
                _problems.Add($"{Show(path)}: the checker does not check map members ({shapeName})");
                break;
            case "string":
                CheckString(node.Value!, shape, shapeName, path);
                break;
            case "integer" or "long":
                if (!long.TryParse(node.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                {
                    _problems.Add($"{Show(path)}: '{node.Value}' is not an integer ({shapeName})");
                }
                else
                {
                    Limit(number, shape, path, "");
                }

                break;
            case "boolean":
                Expect(node.Value is "true" or "false", $"{Show(path)}: '{node.Value}' is not true or false ({shapeName})");
                break;
            case "double" or "float":
                Expect(double.TryParse(node.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
                    $"{Show(path)}: '{node.Value}' is not a number ({shapeName})");
                break;
            case "timestamp":
                Expect(DateTimeOffset.TryParse(node.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
                    $"{Show(path)}: '{node.Value}' is not an ISO 8601 timestamp ({shapeName})");
                break;
            case "blob":
                break;
            default:
                _problems.Add($"{Show(path)}: the checker does not know shape type '{type}' ({shapeName})");
                break;
        }
    }

    private void CheckStructure(Node node, JsonElement shape, string shapeName, string path)
    {
        var members = shape.GetProperty("members").EnumerateObject()
            .Select(m => (m.Name, Serialized: SerializedName(m), Shape: m.Value.GetProperty("shape").GetString()!))
            .ToList();
        foreach (var (name, child) in node.Children)
        {
            var member = members.FirstOrDefault(m => m.Serialized == name);
            if (member.Name is null)
            {
                var hint = members.FirstOrDefault(m => string.Equals(m.Serialized, name, StringComparison.OrdinalIgnoreCase));
                _problems.Add($"{Show(Join(path, name))}: '{name}' is not a member of {shapeName}"
                    + (hint.Name is null ? "" : $" (the protocol names it '{hint.Serialized}')"));
                continue;
            }

            CheckNode(child, member.Shape, Join(path, name));
        }

        if (shape.TryGetProperty("required", out var required))
        {
            foreach (var requiredName in required.EnumerateArray().Select(r => r.GetString()!))
            {
                var serialized = members.First(m => m.Name == requiredName).Serialized;
                Expect(node.Children.ContainsKey(serialized), $"{Show(path)}: required member {requiredName} ({serialized}) of {shapeName} is missing");
            }
        }
    }

    private void CheckList(Node node, JsonElement shape, string shapeName, string path)
    {
        var elements = node;
        var elementPath = path;
        var flattened = shape.TryGetProperty("flattened", out var flat) && flat.GetBoolean();
        if (!_ec2 && !flattened)
        {
            // query: Name.member.1 (or the member's locationName instead of "member").
            var wrapper = shape.GetProperty("member").TryGetProperty("locationName", out var listName) ? listName.GetString()! : "member";
            if (node.Children.Count != 1 || !node.Children.TryGetValue(wrapper, out var inner))
            {
                _problems.Add($"{Show(path)}: the elements of {shapeName} go under '{wrapper}.N', not {string.Join(", ", node.Children.Keys)}");
                return;
            }

            elements = inner;
            elementPath = Join(path, wrapper);
        }

        var indexes = new List<int>();
        foreach (var key in elements.Children.Keys)
        {
            if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index >= 1 && key == index.ToString(CultureInfo.InvariantCulture))
            {
                indexes.Add(index);
            }
            else
            {
                _problems.Add($"{Show(Join(elementPath, key))}: '{key}' is not a list index (1, 2, …) of {shapeName}");
            }
        }

        indexes.Sort();
        Expect(indexes.SequenceEqual(Enumerable.Range(1, indexes.Count)),
            $"{Show(elementPath)}: the elements of {shapeName} are numbered {string.Join(", ", indexes)}, not 1 to {indexes.Count}");
        Limit(indexes.Count, shape, elementPath, " elements");
        var memberShape = shape.GetProperty("member").GetProperty("shape").GetString()!;
        foreach (var index in indexes)
        {
            var key = index.ToString(CultureInfo.InvariantCulture);
            CheckNode(elements.Children[key], memberShape, Join(elementPath, key));
        }
    }

    private void CheckString(string text, JsonElement shape, string shapeName, string path)
    {
        if (shape.TryGetProperty("enum", out var values))
        {
            var allowed = values.EnumerateArray().Select(v => v.GetString()).ToList();
            Expect(allowed.Contains(text), $"{Show(path)}: '{text}' is not one of {shapeName}'s values {string.Join("|", allowed)}");
        }

        Limit(text.Length, shape, path, " characters");
    }

    private void Limit(long value, JsonElement shape, string path, string unit)
    {
        if (shape.TryGetProperty("min", out var min))
        {
            Expect(value >= min.GetInt64(), $"{Show(path)}: {value}{unit}, the model's minimum is {min.GetInt64()}");
        }

        if (shape.TryGetProperty("max", out var max))
        {
            Expect(value <= max.GetInt64(), $"{Show(path)}: {value}{unit}, the model's maximum is {max.GetInt64()}");
        }
    }

    /// <summary>The parameter name of a member, as botocore's serializer for the model's protocol writes it.</summary>
    private string SerializedName(JsonProperty member)
    {
        if (_ec2)
        {
            if (member.Value.TryGetProperty("queryName", out var queryName))
            {
                return queryName.GetString()!;
            }

            if (member.Value.TryGetProperty("locationName", out var locationName))
            {
                var name = locationName.GetString()!;
                return char.ToUpperInvariant(name[0]) + name[1..];
            }

            return member.Name;
        }

        return member.Value.TryGetProperty("locationName", out var location) ? location.GetString()! : member.Name;
    }

    private void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            _problems.Add(problem);
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Show(string path) => path.Length == 0 ? "(input)" : path;

    /// <summary>The parameters as a tree of their dotted names: Filter.1.Value.1 → Filter / 1 / Value / 1.</summary>
    private sealed class Node
    {
        public string? Value { get; private set; }

        public Dictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);

        public void Add(string[] segments, string value, string fullName, List<string> problems)
        {
            var node = this;
            foreach (var segment in segments)
            {
                if (segment.Length == 0)
                {
                    problems.Add($"parameter '{fullName}' has an empty name segment");
                    return;
                }

                if (!node.Children.TryGetValue(segment, out var child))
                {
                    node.Children[segment] = child = new Node();
                }

                node = child;
            }

            node.Value = value;
        }
    }
}
