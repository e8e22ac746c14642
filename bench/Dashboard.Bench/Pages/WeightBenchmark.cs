using System.Net;
using Microsoft.Playwright;

namespace ChaosDashboard.Bench.Pages;

/// <summary>
/// Each page loaded in Chromium: every response it needed (the circuit's WebSocket aside), the bytes as
/// Chromium received them, and the same URLs fetched again asking for brotli, gzip and nothing, to give
/// the weight as served with each. Prints Cache-Control of each asset (fingerprinted ones must be immutable).
/// </summary>
static class WeightBenchmark
{
    static readonly string[] Paths = ["/", "/presenter", "/start-times", "/preflight"];

    public static async Task RunAsync(TextWriter output)
    {
        await using var server = await DashboardServer.StartAsync(probe: false);
        await using var browser = await BrowserPages.LaunchAsync();
        using var raw = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None });
        foreach (var path in Paths)
        {
            var context = await browser.Browser.NewContextAsync();
            var page = await context.NewPageAsync();
            var responses = new List<IResponse>();
            page.Response += (_, r) => { lock (responses) responses.Add(r); };
            await page.GotoAsync(server.Url + path, new() { WaitUntil = WaitUntilState.NetworkIdle });
            await page.Locator("#connection").Filter(new() { HasText = "live" }).WaitForAsync(new() { Timeout = 60_000 });
            await Task.Delay(1000);

            long chromium = 0, br = 0, gzip = 0, identity = 0;
            var acceptEncoding = "";
            output.WriteLine($"== {path}");
            foreach (var response in responses.ToList())
            {
                if (response.Url.Contains("/_blazor")) continue; // the circuit: negotiation and WebSocket
                var sizes = await response.Request.SizesAsync();
                if (response.Url == server.Url + path) acceptEncoding = (await response.Request.AllHeadersAsync()).GetValueOrDefault("accept-encoding", "");
                var headers = await response.AllHeadersAsync();
                var (brBytes, brEncoding) = await FetchAsync(raw, response.Url, "br");
                var (gzBytes, _) = await FetchAsync(raw, response.Url, "gzip");
                var (plainBytes, _) = await FetchAsync(raw, response.Url, "identity");
                chromium += sizes.ResponseBodySize;
                br += brBytes;
                gzip += gzBytes;
                identity += plainBytes;
                output.WriteLine($"  {new Uri(response.Url).PathAndQuery,-70} {response.Status} chromium {Figures.KB(sizes.ResponseBodySize),7} ({headers.GetValueOrDefault("content-encoding", "none")})"
                    + $"  br {Figures.KB(brBytes),7} ({brEncoding})  gzip {Figures.KB(gzBytes),7}  raw {Figures.KB(plainBytes),7}  cache-control: {headers.GetValueOrDefault("cache-control", "-")}");
            }
            output.WriteLine($"  {path}: {responses.Count(r => !r.Url.Contains("/_blazor"))} responses; as Chromium got them (Accept-Encoding: {acceptEncoding}) {Figures.KB(chromium)}; "
                + $"with br {Figures.KB(br)}; with gzip {Figures.KB(gzip)}; uncompressed {Figures.KB(identity)}");
            await context.CloseAsync();
        }
    }

    static async Task<(long Bytes, string Encoding)> FetchAsync(HttpClient http, string url, string encoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
        using var response = await http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return (bytes.Length, string.Join(",", response.Content.Headers.ContentEncoding) is { Length: > 0 } e ? e : "none");
    }
}
