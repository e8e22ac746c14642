using System.Collections.Concurrent;
using ChaosDashboard.Experiment;

namespace ChaosDashboard.Actions;

/// <summary>
/// Makes every action safe to click twice: one action of a kind runs at a time on the server, and a
/// repeated client token gets the first answer instead of acting again — also while the first is
/// still running, as when a browser retries a request whose answer it did not receive.
/// </summary>
public sealed class ActionGuard
{
    const int RememberedTokens = 256;

    sealed record InFlight(string ClientToken, Task<ActionOutcome> Outcome);

    readonly ConcurrentDictionary<string, InFlight> _inFlight = new();
    readonly Lock _answersLock = new();
    readonly Dictionary<string, ActionOutcome> _answers = [];
    readonly Queue<string> _answerOrder = new();

    /// <summary>Runs <paramref name="action"/> unless another of its kind is in flight; null when one is.</summary>
    public async Task<ActionOutcome?> RunAsync(string kind, string clientToken, Func<Task<ActionOutcome>> action)
    {
        var key = $"{kind}:{clientToken}";
        lock (_answersLock)
            if (_answers.TryGetValue(key, out var earlier)) return earlier;

        var completion = new TaskCompletionSource<ActionOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var mine = new InFlight(clientToken, completion.Task);
        var running = _inFlight.GetOrAdd(kind, mine);
        if (!ReferenceEquals(running, mine))
        {
            // The same request again gets the answer of the one under way; another one is refused.
            return running.ClientToken == clientToken ? await running.Outcome : null;
        }
        try
        {
            var outcome = await action();
            if (outcome.Ok) Remember(key, outcome);
            completion.SetResult(outcome);
            return outcome;
        }
        catch (Exception e)
        {
            completion.SetException(e);
            throw;
        }
        finally
        {
            _inFlight.TryRemove(kind, out _);
        }
    }

    void Remember(string key, ActionOutcome outcome)
    {
        lock (_answersLock)
        {
            if (!_answers.TryAdd(key, outcome)) return;
            _answerOrder.Enqueue(key);
            while (_answerOrder.Count > RememberedTokens) _answers.Remove(_answerOrder.Dequeue());
        }
    }
}
