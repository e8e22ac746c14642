namespace ChaosDashboard.TestSupport;

/// <summary>
/// Waits for something another thread or process does. Fails only after a generous time, never on
/// speed: the machines that run the tests are shared and noisy.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    public static async Task Until(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!await condition().ConfigureAwait(false))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Never happened within {(timeout ?? DefaultTimeout).TotalSeconds:0} s: {what}");
            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    public static Task Until(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        Until(() => Task.FromResult(condition()), what, timeout);
}
