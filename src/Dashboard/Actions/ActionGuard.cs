using System.Collections.Concurrent;
using ChaosDashboard.Experiment;

namespace ChaosDashboard.Actions;

/// <summary>
/// Makes every action safe to click twice: one action of a kind runs at a time on the server,
/// and a repeated client token gets the first answer again instead of acting again.
/// </summary>
public sealed class ActionGuard
{
    const int RememberedTokens = 256;

    readonly ConcurrentDictionary<string, byte> _inFlight = new();
    readonly Lock _answersLock = new();
    readonly Dictionary<string, ActionOutcome> _answers = [];
    readonly Queue<string> _answerOrder = new();

    /// <summary>Runs <paramref name="action"/> unless one of its kind is in flight; null when it is.</summary>
    public async Task<ActionOutcome?> RunAsync(string kind, string clientToken, Func<Task<ActionOutcome>> action)
    {
        var key = $"{kind}:{clientToken}";
        lock (_answersLock)
            if (_answers.TryGetValue(key, out var earlier)) return earlier;

        if (!_inFlight.TryAdd(kind, 0)) return null;
        try
        {
            var outcome = await action();
            if (outcome.Ok) Remember(key, outcome);
            return outcome;
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
