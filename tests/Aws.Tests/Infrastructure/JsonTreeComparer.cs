using System.Text.Json.Nodes;

namespace ChaosDashboard.Aws.Tests.Infrastructure;

/// <summary>
/// Compares a reference JSON body with ours as trees: member order does not matter, every member
/// of the reference must be in ours with an equal value, and ours may add only the members listed
/// as allowed extras (by path, e.g. "$.clientToken").
/// </summary>
public static class JsonTreeComparer
{
    public static List<string> Differences(JsonNode? reference, JsonNode? ours, IReadOnlySet<string> allowedExtras)
    {
        var differences = new List<string>();
        Compare(reference, ours, "$", allowedExtras, differences);
        return differences;
    }

    private static void Compare(JsonNode? reference, JsonNode? ours, string path, IReadOnlySet<string> allowedExtras, List<string> differences)
    {
        switch (reference)
        {
            case null:
                if (ours is not null && !(ours is JsonObject { Count: 0 }))
                {
                    differences.Add($"{path}: reference has no value, ours is {ours.ToJsonString()}");
                }

                break;
            case JsonObject referenceObject:
                if (ours is not JsonObject ourObject)
                {
                    differences.Add($"{path}: reference is an object, ours is {ours?.ToJsonString() ?? "missing"}");
                    return;
                }

                foreach (var (name, value) in referenceObject)
                {
                    if (!ourObject.ContainsKey(name))
                    {
                        differences.Add($"{path}.{name}: missing in ours (reference {value?.ToJsonString()})");
                        continue;
                    }

                    Compare(value, ourObject[name], $"{path}.{name}", allowedExtras, differences);
                }

                foreach (var (name, value) in ourObject)
                {
                    if (!referenceObject.ContainsKey(name) && !allowedExtras.Contains($"{path}.{name}"))
                    {
                        differences.Add($"{path}.{name}: only in ours ({value?.ToJsonString()})");
                    }
                }

                break;
            case JsonArray referenceArray:
                if (ours is not JsonArray ourArray || ourArray.Count != referenceArray.Count)
                {
                    differences.Add($"{path}: reference {referenceArray.ToJsonString()}, ours {ours?.ToJsonString() ?? "missing"}");
                    return;
                }

                for (var i = 0; i < referenceArray.Count; i++)
                {
                    Compare(referenceArray[i], ourArray[i], $"{path}[{i}]", allowedExtras, differences);
                }

                break;
            default:
                if (!JsonNode.DeepEquals(reference, ours))
                {
                    differences.Add($"{path}: reference {reference.ToJsonString()}, ours {ours?.ToJsonString() ?? "missing"}");
                }

                break;
        }
    }
}
