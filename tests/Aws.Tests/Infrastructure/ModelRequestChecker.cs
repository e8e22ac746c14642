using System.Globalization;
using System.Text.Json;

namespace ChaosDashboard.Aws.Tests.Infrastructure;

/// <summary>
/// Checks a captured request against a botocore model: the operation exists, target header or
/// method and URI match its http section, every required member is present, and every member is
/// declared by the input shape with the right JSON type, recursively (enums and length and range
/// limits included). Requests of the query protocols (STS, EC2) go to <see cref="QueryRequestChecker"/>.
/// </summary>
public sealed class ModelRequestChecker
{
    private readonly ServiceModel _model;
    private readonly string _service;
    private readonly List<string> _problems = [];
    private readonly List<string> _excused = [];

    private ModelRequestChecker(ServiceModel model, string service)
    {
        _model = model;
        _service = service;
    }

    /// <summary>Operation name, problems (empty when the request is valid) and allowances used.</summary>
    public sealed record Result(string? Operation, IReadOnlyList<string> Problems, IReadOnlyList<string> Excused);

    public static Result Check(ServiceModel model, string service, CapturedRequest request)
    {
        if (QueryRequestChecker.Handles(model))
        {
            return QueryRequestChecker.Check(model, request);
        }

        var checker = new ModelRequestChecker(model, service);
        var operation = model.Protocol == "json" ? checker.CheckAwsJson(request) : checker.CheckRestJson(request);
        return new Result(operation, checker._problems, checker._excused);
    }

    /// <summary>The operation a request calls, as the service would route it; null when none matches.</summary>
    public static string? IdentifyOperation(ServiceModel model, string service, CapturedRequest request)
    {
        if (QueryRequestChecker.Handles(model))
        {
            return QueryRequestChecker.IdentifyOperation(request);
        }

        if (model.Protocol == "json")
        {
            var target = request.Header("X-Amz-Target");
            return target is not null && target.StartsWith(model.TargetPrefix + ".", StringComparison.Ordinal)
                ? target[(model.TargetPrefix!.Length + 1)..]
                : null;
        }

        return MatchRestOperation(model, service, request)?.Name;
    }

    private string? CheckAwsJson(CapturedRequest request)
    {
        var operationName = IdentifyOperation(_model, _service, request);
        if (operationName is null)
        {
            _problems.Add($"X-Amz-Target '{request.Header("X-Amz-Target")}' does not start with '{_model.TargetPrefix}.'");
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
        var expectedContentType = $"application/x-amz-json-{_model.JsonVersion}";
        Expect(request.Header("Content-Type") == expectedContentType,
            $"Content-Type '{request.Header("Content-Type")}', expected exactly '{expectedContentType}'");

        if (operation.InputShape is { } inputShape)
        {
            if (ParseBody(request) is { } body)
            {
                CheckValue(body, inputShape, "$");
            }
        }

        return operationName;
    }

    private string? CheckRestJson(CapturedRequest request)
    {
        var match = MatchRestOperation(_model, _service, request);
        if (match is null)
        {
            _problems.Add($"no operation of {_model.Describe} matches {request.Method} {request.RawPath}");
            return null;
        }

        if (match.Operation is null)
        {
            _excused.Add($"operation {match.Name} is newer than {_model.Describe}; not checked");
            return match.Name;
        }

        var operation = match.Operation;
        var inputShapeName = operation.InputShape;
        if (inputShapeName is null)
        {
            Expect(request.Body.Length == 0, "the operation has no input but the request has a body");
            return operation.Name;
        }

        var inputShape = _model.Shape(inputShapeName);
        var members = inputShape.GetProperty("members").EnumerateObject().ToList();
        var present = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (name, value) in match.PathParameters)
        {
            var member = members.FirstOrDefault(m => Location(m.Value) == "uri" && LocationName(m) == name);
            if (member.Value.ValueKind == JsonValueKind.Undefined)
            {
                _problems.Add($"path parameter {{{name}}} is not a uri member of {inputShapeName}");
                continue;
            }

            Expect(value.Length > 0, $"path parameter {{{name}}} is empty");
            present.Add(member.Name);
        }

        foreach (var (name, value) in request.QueryParameters())
        {
            var member = members.FirstOrDefault(m => Location(m.Value) == "querystring" && LocationName(m) == name);
            if (member.Value.ValueKind == JsonValueKind.Undefined)
            {
                if (ModelAllowances.IsNewerMember(_service, inputShapeName, name))
                {
                    _excused.Add($"query parameter {name} is newer than {_model.Describe}");
                    continue;
                }

                _problems.Add($"query parameter '{name}' is not a querystring member of {inputShapeName}");
                continue;
            }

            present.Add(member.Name);
            CheckQueryValue(value, member.Value.GetProperty("shape").GetString()!, $"?{name}");
        }

        var bodyMembers = members.Where(m => Location(m.Value) is null).ToList();
        var body = request.Body.Length == 0 ? (JsonElement?)null : ParseBody(request);
        if (body is { } bodyObject)
        {
            Expect(request.Header("Content-Type") == "application/json",
                $"Content-Type '{request.Header("Content-Type")}', expected 'application/json' for a JSON body");
            if (bodyObject.ValueKind != JsonValueKind.Object)
            {
                _problems.Add("$: the body is not a JSON object");
            }
            else
            {
                foreach (var property in bodyObject.EnumerateObject())
                {
                    var member = bodyMembers.FirstOrDefault(m => LocationName(m) == property.Name);
                    if (member.Value.ValueKind == JsonValueKind.Undefined)
                    {
                        ReportUnknownMember(inputShapeName, property.Name, "$");
                        continue;
                    }

                    present.Add(member.Name);
                    CheckValue(property.Value, member.Value.GetProperty("shape").GetString()!, "$." + property.Name);
                }
            }
        }
        else
        {
            Expect(bodyMembers.Count == 0 || !bodyMembers.Any(m => IsRequired(inputShape, m.Name)),
                "required body members are missing: there is no body");
        }

        foreach (var required in RequiredMembers(inputShape))
        {
            Expect(present.Contains(required), $"required member {required} of {inputShapeName} is missing");
        }

        return operation.Name;
    }

    private JsonElement? ParseBody(CapturedRequest request)
    {
        try
        {
            return JsonDocument.Parse(request.Body.Length == 0 ? "{}"u8.ToArray() : request.Body).RootElement.Clone();
        }
        catch (JsonException exception)
        {
            _problems.Add($"the body is not JSON: {exception.Message}");
            return null;
        }
    }

    private void CheckValue(JsonElement value, string shapeName, string path)
    {
        var shape = _model.Shape(shapeName);
        var type = shape.GetProperty("type").GetString();
        switch (type)
        {
            case "structure":
                if (!ExpectKind(value, JsonValueKind.Object, path, shapeName))
                {
                    return;
                }

                var members = shape.GetProperty("members").EnumerateObject().ToList();
                foreach (var property in value.EnumerateObject())
                {
                    var member = members.FirstOrDefault(m => LocationName(m) == property.Name && Location(m.Value) is null);
                    if (member.Value.ValueKind == JsonValueKind.Undefined)
                    {
                        ReportUnknownMember(shapeName, property.Name, path);
                        continue;
                    }

                    CheckValue(property.Value, member.Value.GetProperty("shape").GetString()!, $"{path}.{property.Name}");
                }

                foreach (var required in RequiredMembers(shape))
                {
                    Expect(value.TryGetProperty(required, out _), $"{path}: required member {required} of {shapeName} is missing");
                }

                break;
            case "list":
                if (!ExpectKind(value, JsonValueKind.Array, path, shapeName))
                {
                    return;
                }

                CheckLength(value.GetArrayLength(), shape, path, "elements");
                var elementShape = shape.GetProperty("member").GetProperty("shape").GetString()!;
                var index = 0;
                foreach (var element in value.EnumerateArray())
                {
                    CheckValue(element, elementShape, $"{path}[{index++}]");
                }

                break;
            case "map":
                if (!ExpectKind(value, JsonValueKind.Object, path, shapeName))
                {
                    return;
                }

                var keyShape = shape.GetProperty("key").GetProperty("shape").GetString()!;
                var valueShape = shape.GetProperty("value").GetProperty("shape").GetString()!;
                CheckLength(value.EnumerateObject().Count(), shape, path, "entries");
                foreach (var entry in value.EnumerateObject())
                {
                    CheckString(entry.Name, keyShape, $"{path} key '{entry.Name}'");
                    CheckValue(entry.Value, valueShape, $"{path}.{entry.Name}");
                }

                break;
            case "string":
                if (ExpectKind(value, JsonValueKind.String, path, shapeName))
                {
                    CheckString(value.GetString()!, shapeName, path);
                }

                break;
            case "integer" or "long":
                if (ExpectKind(value, JsonValueKind.Number, path, shapeName))
                {
                    if (!value.TryGetInt64(out var number))
                    {
                        _problems.Add($"{path}: {value.GetRawText()} is not an integer ({shapeName})");
                    }
                    else
                    {
                        CheckRange(number, shape, path);
                    }
                }

                break;
            case "boolean":
                Expect(value.ValueKind is JsonValueKind.True or JsonValueKind.False, $"{path}: expected a boolean ({shapeName}), got {value.ValueKind}");
                break;
            case "double" or "float":
                ExpectKind(value, JsonValueKind.Number, path, shapeName);
                break;
            case "timestamp":
                var iso = shape.TryGetProperty("timestampFormat", out var format) && format.GetString() == "iso8601";
                ExpectKind(value, iso ? JsonValueKind.String : JsonValueKind.Number, path, shapeName);
                break;
            case "blob":
                ExpectKind(value, JsonValueKind.String, path, shapeName);
                break;
            default:
                _problems.Add($"{path}: the checker does not know shape type '{type}' ({shapeName})");
                break;
        }
    }

    private void CheckQueryValue(string text, string shapeName, string path)
    {
        switch (_model.ShapeType(shapeName))
        {
            case "string":
                CheckString(text, shapeName, path);
                break;
            case "integer" or "long":
                if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
                {
                    _problems.Add($"{path}: '{text}' is not an integer ({shapeName})");
                }
                else
                {
                    CheckRange(number, _model.Shape(shapeName), path);
                }

                break;
            case "boolean":
                Expect(text is "true" or "false", $"{path}: '{text}' is not a boolean");
                break;
        }
    }

    private void CheckString(string text, string shapeName, string path)
    {
        var shape = _model.Shape(shapeName);
        if (shape.TryGetProperty("enum", out var values))
        {
            var allowed = values.EnumerateArray().Select(v => v.GetString()).ToList();
            Expect(allowed.Contains(text), $"{path}: '{text}' is not one of {shapeName}'s values {string.Join("|", allowed)}");
        }

        CheckLength(text.Length, shape, path, "characters");
    }

    private void CheckLength(long length, JsonElement shape, string path, string unit)
    {
        if (shape.TryGetProperty("min", out var min))
        {
            Expect(length >= min.GetInt64(), $"{path}: {length} {unit}, the model's minimum is {min.GetInt64()}");
        }

        if (shape.TryGetProperty("max", out var max))
        {
            Expect(length <= max.GetInt64(), $"{path}: {length} {unit}, the model's maximum is {max.GetInt64()}");
        }
    }

    private void CheckRange(long number, JsonElement shape, string path)
    {
        if (shape.TryGetProperty("min", out var min))
        {
            Expect(number >= min.GetInt64(), $"{path}: {number} is below the model's minimum {min.GetInt64()}");
        }

        if (shape.TryGetProperty("max", out var max))
        {
            Expect(number <= max.GetInt64(), $"{path}: {number} is above the model's maximum {max.GetInt64()}");
        }
    }

    private void ReportUnknownMember(string shapeName, string member, string path)
    {
        if (ModelAllowances.IsNewerMember(_service, shapeName, member))
        {
            _excused.Add($"{path}.{member} is newer than {_model.Describe}");
        }
        else
        {
            _problems.Add($"{path}: '{member}' is not a member of {shapeName}");
        }
    }

    private bool ExpectKind(JsonElement value, JsonValueKind kind, string path, string shapeName)
    {
        if (value.ValueKind == kind)
        {
            return true;
        }

        _problems.Add($"{path}: expected {kind} for {shapeName}, got {value.ValueKind} {Truncate(value.GetRawText())}");
        return false;
    }

    private void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            _problems.Add(problem);
        }
    }

    private static string Truncate(string text) => text.Length <= 60 ? text : text[..60] + "…";

    private static string? Location(JsonElement member) =>
        member.TryGetProperty("location", out var location) ? location.GetString() : null;

    private static string LocationName(JsonProperty member) =>
        member.Value.TryGetProperty("locationName", out var name) ? name.GetString()! : member.Name;

    private static IEnumerable<string> RequiredMembers(JsonElement shape) =>
        shape.TryGetProperty("required", out var required) ? required.EnumerateArray().Select(r => r.GetString()!) : [];

    private static bool IsRequired(JsonElement shape, string member) => RequiredMembers(shape).Contains(member);

    private sealed record RestMatch(string Name, OperationModel? Operation, IReadOnlyList<(string Name, string Value)> PathParameters);

    private static RestMatch? MatchRestOperation(ServiceModel model, string service, CapturedRequest request)
    {
        var candidates = model.Operations
            .Select(op => (op.Name, Operation: (OperationModel?)op, op.HttpMethod, Template: op.RequestUri))
            .Concat(ModelAllowances.NewerOperations
                .Where(newer => newer.Service == service && !model.HasOperation(newer.Operation))
                .Select(newer => (Name: newer.Operation, Operation: (OperationModel?)null, HttpMethod: newer.Method, Template: newer.UriTemplate)));

        foreach (var candidate in candidates)
        {
            if (candidate.HttpMethod != request.Method)
            {
                continue;
            }

            var templatePath = candidate.Template.Split('?', 2)[0];
            if (MatchTemplate(templatePath, request.RawPath) is { } parameters)
            {
                return new RestMatch(candidate.Name, candidate.Operation, parameters);
            }
        }

        return null;
    }

    private static List<(string Name, string Value)>? MatchTemplate(string template, string rawPath)
    {
        var templateSegments = template.Trim('/').Split('/');
        var pathSegments = rawPath.Trim('/').Split('/');
        if (templateSegments.Length != pathSegments.Length)
        {
            return null;
        }

        var parameters = new List<(string, string)>();
        for (var i = 0; i < templateSegments.Length; i++)
        {
            var segment = templateSegments[i];
            if (segment.StartsWith('{') && segment.EndsWith('}'))
            {
                parameters.Add((segment.Trim('{', '}', '+'), Uri.UnescapeDataString(pathSegments[i])));
            }
            else if (segment != pathSegments[i])
            {
                return null;
            }
        }

        return parameters;
    }
}
