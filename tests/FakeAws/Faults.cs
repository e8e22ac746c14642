namespace ChaosDashboard.FakeAws;

/// <summary>The ways a call can go wrong on the wire, as AWS and the networks in between do it.</summary>
public enum FaultKind
{
    /// <summary>HTTP 400 ThrottlingException "Rate exceeded" (STS: Throttling).</summary>
    Throttling,

    /// <summary>HTTP 500 with the service's internal error code.</summary>
    InternalError,

    /// <summary>HTTP 503 ServiceUnavailableException.</summary>
    ServiceUnavailable,

    /// <summary>No answer until <see cref="FakeAwsOptions.HangDuration"/> has passed or the client hangs up.</summary>
    Hang,

    /// <summary>HTTP 200 whose JSON body stops half-way (the HTTP message itself is complete).</summary>
    MalformedBody,

    /// <summary>HTTP 200 announcing more bytes than it sends before the connection drops.</summary>
    TruncatedBody,

    /// <summary>AccessDeniedException naming the user and the IAM action, as IAM words it.</summary>
    AccessDenied,
}

/// <summary>
/// Faults injected per operation ("DescribeTasks", "GetLogEvents", "GetExperiment", …) by the test
/// that holds the fake. A fault lasts for a number of calls or until it is cleared; every call it
/// spoils is counted, so a test can check that its fault was really met.
/// </summary>
public sealed class Faults
{
    readonly Lock _lock = new();
    readonly Dictionary<string, (FaultKind Kind, int? Remaining)> _active = new(StringComparer.Ordinal);
    readonly Dictionary<string, int> _hits = new(StringComparer.Ordinal);

    /// <summary>Spoils the next <paramref name="times"/> calls of <paramref name="operation"/>, or every call until cleared when null.</summary>
    public void Inject(string operation, FaultKind kind, int? times = null)
    {
        if (times is <= 0) throw new ArgumentOutOfRangeException(nameof(times), "A fault spoils at least one call.");
        lock (_lock) _active[operation] = (kind, times);
    }

    /// <summary>Every call of <paramref name="operation"/> is refused as the caller's IAM policy would, until cleared.</summary>
    public void Deny(string operation) => Inject(operation, FaultKind.AccessDenied);

    public void Clear(string operation)
    {
        lock (_lock) _active.Remove(operation);
    }

    public void ClearAll()
    {
        lock (_lock) _active.Clear();
    }

    /// <summary>How many calls of <paramref name="operation"/> a fault has spoiled so far.</summary>
    public int Hits(string operation)
    {
        lock (_lock) return _hits.GetValueOrDefault(operation);
    }

    /// <summary>The fault this call of <paramref name="operation"/> meets, if any; counts it.</summary>
    internal FaultKind? Take(string operation)
    {
        lock (_lock)
        {
            if (!_active.TryGetValue(operation, out var fault)) return null;
            if (fault.Remaining is { } left)
            {
                if (left <= 1) _active.Remove(operation);
                else _active[operation] = (fault.Kind, left - 1);
            }
            _hits[operation] = _hits.GetValueOrDefault(operation) + 1;
            return fault.Kind;
        }
    }
}
