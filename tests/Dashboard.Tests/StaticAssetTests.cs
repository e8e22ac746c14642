using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ChaosDashboard.Tests;

/// <summary>
/// The pages link MudBlazor's CSS and JS by their fingerprinted URLs; those must go out compressed like the
/// rest (the package's own fingerprinted URLs had no compressed variant: 627 KB of CSS on every first visit).
/// </summary>
public sealed partial class StaticAssetTests : IClassFixture<WebApplicationFactory<Program>>
{
    readonly WebApplicationFactory<Program> _factory;

    public StaticAssetTests(WebApplicationFactory<Program> factory) => _factory = factory;

    [Theory]
    [InlineData("MudBlazor.min", "css")]
    [InlineData("MudBlazor.min", "js")]
    public async Task Fingerprinted_package_asset_is_served_compressed_and_decompresses_to_the_plain_file(string name, string extension)
    {
        var client = _factory.CreateClient();
        var page = await client.GetStringAsync("/");
        var link = Regex.Match(page, $@"_content/MudBlazor/{Regex.Escape(name)}\.(\w+)\.{extension}");
        Assert.True(link.Success, $"the page links no fingerprinted {name}.{extension}");

        var plain = await client.GetByteArrayAsync($"/_content/MudBlazor/{name}.{extension}");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/" + link.Value);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        var compressed = await response.Content.ReadAsByteArrayAsync();
        // How small depends on the build (a Debug build stores its gzip variants nearly uncompressed): the
        // encoding and the content are what this checks; docs/benchmarks.md has the sizes of a published app.
        await using var unzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var unzipped = new MemoryStream();
        await unzip.CopyToAsync(unzipped);
        Assert.Equal(plain, unzipped.ToArray());
    }

    [Fact]
    public async Task A_client_that_asks_for_no_encoding_gets_the_fingerprinted_asset_as_it_is()
    {
        var client = _factory.CreateClient();
        var page = await client.GetStringAsync("/");
        var link = Regex.Match(page, @"_content/MudBlazor/MudBlazor\.min\.\w+\.css").Value;
        var plain = await client.GetByteArrayAsync("/_content/MudBlazor/MudBlazor.min.css");

        using var response = await client.GetAsync("/" + link);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(plain, await response.Content.ReadAsByteArrayAsync());
    }
}
