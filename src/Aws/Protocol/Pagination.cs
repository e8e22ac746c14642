namespace ChaosDashboard.Aws.Protocol;

/// <summary>Follows nextToken until the service stops sending one.</summary>
public static class Pagination
{
    /// <summary>A bound against a service (or a fake) that keeps answering with new tokens.</summary>
    public const int MaxPages = 10_000;

    /// <summary>
    /// Calls <paramref name="fetchPage"/> with null, then with each next token, until a page comes
    /// without one. A page may be empty and still not be the last. A token that repeats the one just
    /// sent also ends the listing (the service has nothing further), and so does <see cref="MaxPages"/>.
    /// </summary>
    public static async Task<List<T>> CollectAsync<T>(
        Func<string?, CancellationToken, Task<(IEnumerable<T> Items, string? NextToken)>> fetchPage,
        CancellationToken cancellationToken)
    {
        var all = new List<T>();
        string? token = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var (items, next) = await fetchPage(token, cancellationToken).ConfigureAwait(false);
            all.AddRange(items);
            if (string.IsNullOrEmpty(next) || next == token)
            {
                break;
            }

            token = next;
        }

        return all;
    }
}
