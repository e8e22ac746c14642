using System.Reflection;
using System.Runtime.CompilerServices;
using ChaosDashboard.StartTimeAnalysis.Analysis;
using ChaosDashboard.StartTimeAnalysis.Events;
using ChaosDashboard.StartTimeAnalysis.Reports;
using ChaosDashboard.StartTimeAnalysis.Sources;

namespace ChaosDashboard.StartTimeAnalysis.Cli;

/// <summary>
/// The reading path's methods are compiled at full optimisation on their first call (they are marked so):
/// for a report that lasts a second, about a tenth of it would go to compiling them one after another on
/// the first worker while the other cores wait. A report command starts compiling them at once, on a
/// spare core, while its command line is parsed and its file opened.
/// </summary>
public static class HotPath
{
    /// <summary>The types whose marked methods are compiled ahead, in the order a report first calls them.</summary>
    internal static readonly Type[] TypesInCallOrder =
    [
        typeof(JsonLinesFile), typeof(JsonLinesBlocks), typeof(Utf8Bytes), typeof(MessageParser), typeof(TaskObservation),
        typeof(TaskEventScanner), typeof(JsonSyntax), typeof(TaskStateChangeParser), typeof(EcsTimestamp), typeof(StringPool),
        typeof(TaskKey), typeof(ParsedBlock), typeof(TaskTable), typeof(TaskTableReport), typeof(TaskRowList),
        typeof(TaskRowsText), typeof(JsonReportWriter), typeof(ReportText),
    ];

    private static int _started;

    /// <summary>Starts compiling the hot methods in the background; only the first call in a process does anything.</summary>
    public static void CompileAhead()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        var thread = new Thread(() =>
        {
            foreach (MethodInfo method in Methods())
            {
                try
                {
                    // A method a worker is already compiling is waited for, then found compiled: no work is done twice.
                    RuntimeHelpers.PrepareMethod(method.MethodHandle);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or BadImageFormatException)
                {
                    // Left to be compiled on its first call, as without this.
                }
            }
        })
        {
            IsBackground = true,
            Name = "Compile ahead",
            Priority = ThreadPriority.BelowNormal,
        };
        thread.Start();
    }

    /// <summary>A type and the types declared in it (a lambda's method is one of a nested type).</summary>
    private static IEnumerable<Type> WithNested(Type type) =>
        type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).SelectMany(WithNested).Prepend(type);

    /// <summary>The methods marked for full optimisation at once, of <see cref="TypesInCallOrder"/>.</summary>
    internal static IEnumerable<MethodInfo> Methods() =>
        TypesInCallOrder.SelectMany(WithNested).Where(type => !type.ContainsGenericParameters).SelectMany(type => type.GetMethods(
                BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(method => !method.ContainsGenericParameters && !method.IsAbstract
                             && method.MethodImplementationFlags.HasFlag(MethodImplAttributes.AggressiveOptimization));
}
