using ChaosDashboard.Access;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChaosDashboard.Tests.Access;

public class OperatorAccessTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("https://127.0.0.2:443/", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://+:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://[::]:8080", false)]
    [InlineData("http://192.168.1.20:5080", false)]
    [InlineData("http://chaos.example.org:5080", false)]
    [InlineData("http://localhost.example.org:5080", false)]
    public void Only_addresses_that_are_clearly_loopback_keep_the_local_user_the_operator(string url, bool loopback) =>
        Assert.Equal(loopback, OperatorAccess.IsLoopbackUrl(url));

    static OperatorAccess Access(params string[] urls) => new(new RoomOptions(), urls, NullLogger<OperatorAccess>.Instance);

    [Fact]
    public void Room_mode_follows_every_listening_address_the_configuration_asks_for()
    {
        Assert.False(Access().RoomMode);
        Assert.False(Access("http://127.0.0.1:5080", "http://[::1]:5080").RoomMode);
        Assert.True(Access("http://127.0.0.1:5080", "http://0.0.0.0:5081").RoomMode);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:5080",
            ["http_ports"] = "8080",
            ["Kestrel:Endpoints:Https:Url"] = "https://chaos.example.org:443",
        }).Build();
        Assert.Equal(["http://127.0.0.1:5080", "http://*:8080", "https://chaos.example.org:443"], OperatorAccess.ConfiguredUrls(configuration));
    }

    [Fact]
    public void The_real_addresses_turn_room_mode_on_when_the_configuration_did_not()
    {
        var access = Access("http://127.0.0.1:5080");
        Assert.False(access.ConfirmListening(["http://127.0.0.1:5080"]));
        Assert.False(access.RoomMode);
        Assert.True(access.ConfirmListening(["http://127.0.0.1:5080", "http://[::]:5080"]));
        Assert.True(access.RoomMode);
    }

    [Fact]
    public void Only_a_cookie_of_this_run_is_the_operator()
    {
        var access = Access("http://0.0.0.0:5080");
        Assert.False(access.IsOperator(null));
        Assert.False(access.IsOperator(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity())));
        Assert.True(access.IsOperator(access.OperatorPrincipal()));
        // A cookie from an earlier run (another random token) is nobody.
        Assert.False(access.IsOperator(Access("http://0.0.0.0:5080").OperatorPrincipal()));
        // On loopback everyone is.
        Assert.True(Access().IsOperator(null));
    }

    [Fact]
    public void A_random_token_is_long_spent_by_its_use_and_replaced()
    {
        var access = Access("http://0.0.0.0:5080");
        var link = access.LoginPathAndQuery();
        var token = Uri.UnescapeDataString(link["/login?token=".Length..]);
        Assert.True(token.Length >= 40);
        Assert.False(access.TryRedeem(token[..^1], out _));
        Assert.False(access.TryRedeem("", out _));
        Assert.True(access.TryRedeem(token, out var next));
        Assert.NotNull(next);
        Assert.False(access.TryRedeem(token, out _));
        Assert.True(access.TryRedeem(next, out _));
    }

    [Fact]
    public void The_viewer_address_is_the_setting_or_the_name_people_use_from_allowed_hosts()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AllowedHosts"] = "localhost;chaos.local;*.example.org",
        }).Build();
        var guessed = new ViewerAddress(new RoomOptions(), configuration);
        guessed.Listening(["http://0.0.0.0:5080"]);
        Assert.Equal("http://chaos.local:5080/", guessed.Url);
        Assert.Equal(["http://chaos.local:5080", "http://127.0.0.1:5080"], guessed.OperatorBases());

        var set = new ViewerAddress(new RoomOptions { ViewerUrl = "https://chaos.example.org" }, configuration);
        set.Listening(["http://[::]:8080"]);
        Assert.Equal("https://chaos.example.org/", set.Url);
        Assert.False(set.OnlyLoopbackHostsAllowed(configuration));
    }

    [Fact]
    public void The_viewer_bound_counts_all_pages_and_those_of_one_client_but_not_a_local_proxys()
    {
        var count = new ViewerCount(new RoomOptions { MaxViewers = 4, MaxViewersPerClient = 2 });
        count.Add("10.0.0.1");
        Assert.Null(count.Full("10.0.0.1"));
        count.Add("10.0.0.1");
        Assert.Contains("This device already has 2 pages", count.Full("10.0.0.1"));
        Assert.Null(count.Full("10.0.0.2"));
        count.Add(null);
        count.Add(null);
        Assert.Contains("4 people are following", count.Full("10.0.0.3"));
        count.Remove("10.0.0.1");
        Assert.Null(count.Full("10.0.0.1"));
        Assert.Equal(3, count.Total);

        Assert.Null(ViewerCount.ClientKey(System.Net.IPAddress.Loopback));
        Assert.Null(ViewerCount.ClientKey(System.Net.IPAddress.IPv6Loopback));
        Assert.Equal("192.168.1.7", ViewerCount.ClientKey(System.Net.IPAddress.Parse("192.168.1.7")));
    }
}
