using System.Text.Json;
using System.Xml.Linq;

namespace ChaosDashboard.Aws.Tests.Infrastructure;

/// <summary>
/// Builds the XML answer of an EC2 operation from the model's output shape, as EC2 writes it:
/// &lt;{Operation}Response xmlns="{xmlNamespace}/"&gt; with a requestId and every member under its
/// locationName, lists as &lt;name&gt;&lt;item&gt;…&lt;/item&gt;&lt;/name&gt;, two elements each. Strings are
/// "sample-{member}" unless <c>values</c> names them; enums take their first value; nextToken is
/// written only when asked for, so paged calls end after one page.
/// </summary>
public static class Ec2SampleGenerator
{
    private const int MaxDepth = 8;

    public static string Generate(
        ServiceModel model, string operation, IReadOnlyDictionary<string, string>? values = null, string? nextToken = null)
    {
        var ns = XNamespace.Get(model.Metadata.GetProperty("xmlNamespace").GetString()!.TrimEnd('/') + "/");
        var root = new XElement(ns + $"{operation}Response", new XElement(ns + "requestId", "01234567-89ab-cdef-0123-456789abcdef"));
        if (model.Operation(operation).OutputShape is { } output)
        {
            AddMembers(root, ns, model, model.Shape(output), values ?? new Dictionary<string, string>(), nextToken, []);
        }

        return new XDocument(new XDeclaration("1.0", "UTF-8", null), root).Declaration + "\n" + root;
    }

    private static void AddMembers(
        XElement parent, XNamespace ns, ServiceModel model, JsonElement structure, IReadOnlyDictionary<string, string> values,
        string? nextToken, List<string> stack)
    {
        foreach (var member in structure.GetProperty("members").EnumerateObject())
        {
            var name = member.Value.TryGetProperty("locationName", out var locationName) ? locationName.GetString()! : member.Name;
            if (member.Name == "NextToken")
            {
                if (nextToken is not null && stack.Count == 0)
                {
                    parent.Add(new XElement(ns + name, nextToken));
                }

                continue;
            }

            if (Value(ns, model, member.Value.GetProperty("shape").GetString()!, member.Name, name, values, stack) is { } element)
            {
                parent.Add(element);
            }
        }
    }

    private static XElement? Value(
        XNamespace ns, ServiceModel model, string shapeName, string memberName, string elementName,
        IReadOnlyDictionary<string, string> values, List<string> stack)
    {
        var shape = model.Shape(shapeName);
        var type = shape.GetProperty("type").GetString();
        if (type is "structure" or "list" or "map" && (stack.Contains(shapeName) || stack.Count > MaxDepth))
        {
            return null;
        }

        var element = new XElement(ns + elementName);
        stack.Add(shapeName);
        switch (type)
        {
            case "structure":
                AddMembers(element, ns, model, shape, values, null, stack);
                break;
            case "list":
                var member = shape.GetProperty("member");
                var itemName = member.TryGetProperty("locationName", out var itemLocation) ? itemLocation.GetString()! : "member";
                for (var i = 0; i < 2; i++)
                {
                    if (Value(ns, model, member.GetProperty("shape").GetString()!, memberName, itemName, values, stack) is { } item)
                    {
                        element.Add(item);
                    }
                }

                break;
            case "map":
                // EC2 outputs have no maps; an empty element is still well formed.
                break;
            case "string":
                element.Value = values.TryGetValue(memberName, out var given) ? given
                    : shape.TryGetProperty("enum", out var allowed) ? allowed[0].GetString()!
                    : $"sample-{memberName}";
                break;
            case "integer" or "long":
                element.Value = "1";
                break;
            case "double" or "float":
                element.Value = "1.5";
                break;
            case "boolean":
                element.Value = values.TryGetValue(memberName, out var flag) ? flag : "true";
                break;
            case "timestamp":
                element.Value = "2023-11-14T22:13:20.123Z";
                break;
            case "blob":
                element.Value = "AQID";
                break;
        }

        stack.RemoveAt(stack.Count - 1);
        return element;
    }
}
