using System.Runtime.InteropServices;

namespace ChaosDashboard.Worker;

/// <summary>
/// Turns SIGTERM (what ECS sends when FIS stops the task) and SIGINT into a cancellation, instead of
/// the runtime's default of ending the process with code 143.
/// </summary>
/// <remarks>
/// The registrations are kept for the whole life of the process and never disposed: a SIGTERM that
/// arrives after the batch is done, while the process is exiting, must not turn a finished batch's
/// exit code 0 into 143.
/// </remarks>
public static class StopSignals
{
    static readonly CancellationTokenSource Stop = new();
    static readonly List<PosixSignalRegistration> Registrations = [];
    static int _signalled;

    /// <summary>Starts listening; the token is cancelled by the first SIGTERM or SIGINT.</summary>
    public static CancellationToken Listen(Action<string> log)
    {
        lock (Registrations)
        {
            if (Registrations.Count == 0)
            {
                foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT })
                    Registrations.Add(PosixSignalRegistration.Create(signal, context => OnSignal(context, log)));
            }
        }
        return Stop.Token;
    }

    static void OnSignal(PosixSignalContext context, Action<string> log)
    {
        // Keep running: the batch job finishes the write in flight, logs where it was, and returns.
        context.Cancel = true;
        if (Interlocked.Exchange(ref _signalled, 1) == 1) return;
        log($"Received {context.Signal}: finishing the write in flight, then stopping");
        Stop.Cancel();
    }
}
