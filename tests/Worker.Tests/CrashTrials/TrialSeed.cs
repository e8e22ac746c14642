using System.Globalization;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace ChaosDashboard.Worker.Tests.CrashTrials;

/// <summary>
/// Crash trials pick kill instants with a seeded Random. The seed is new on each run (or taken from
/// WORKER_TRIAL_SEED to replay a failure) and is part of every failure message.
/// </summary>
public static class TrialSeed
{
    public const string Variable = "WORKER_TRIAL_SEED";

    public static async Task RunAsync(ITestOutputHelper output, Func<Random, Task> trials)
    {
        var seed = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } text
            ? int.Parse(text, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"seed {seed}");
        try
        {
            await trials(new Random(seed));
        }
        catch (Exception e)
        {
            throw new XunitException($"Crash trial failed with seed {seed} (replay with {Variable}={seed}):\n{e.Message}\n{e.StackTrace}");
        }
    }
}
