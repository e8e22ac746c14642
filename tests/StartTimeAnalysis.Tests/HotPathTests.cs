using System.Reflection;
using ChaosDashboard.StartTimeAnalysis.Cli;

namespace ChaosDashboard.StartTimeAnalysis.Tests;

/// <summary>The methods compiled ahead for a report are every method of the library marked for full optimisation.</summary>
public class HotPathTests
{
    [Fact]
    public void Every_method_marked_for_full_optimisation_is_compiled_ahead()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var marked = typeof(HotPath).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(all))
            .Where(method => method.MethodImplementationFlags.HasFlag(MethodImplAttributes.AggressiveOptimization))
            .Select(Name)
            .Order()
            .ToList();
        var ahead = HotPath.Methods().Select(Name).Order().ToList();

        Assert.True(marked.Count > 20, $"{marked.Count} marked methods");
        Assert.Equal(marked, ahead);
    }

    private static string Name(MethodInfo method) => method.DeclaringType!.FullName + "." + method.Name + "(" +
        string.Join(",", method.GetParameters().Select(p => p.ParameterType.Name)) + ")";
}
