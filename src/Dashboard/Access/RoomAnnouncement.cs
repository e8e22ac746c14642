using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ChaosDashboard.Access;

/// <summary>
/// Once the server listens: in room mode, says so and prints the operator link and the viewer address on
/// the console (the container log), once. The token goes nowhere else: not into the application log, not
/// to any page.
/// </summary>
public sealed class RoomAnnouncement(IServer server, IHostApplicationLifetime lifetime, OperatorAccess access, ViewerAddress viewers, IConfiguration configuration) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Announce);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    void Announce()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        access.ConfirmListening(addresses);
        viewers.Listening(addresses);
        if (!access.RoomMode) return;

        var output = Console.Out;
        var bases = viewers.OperatorBases();
        output.WriteLine();
        output.WriteLine($"Room mode: the dashboard listens on {string.Join(", ", addresses)}; anyone who reaches it can watch, only the operator can act.");
        output.WriteLine($"  Viewers open: {viewers.Url}");
        var login = access.LoginPathAndQuery();
        foreach (var origin in bases) output.WriteLine($"  Operator link: {origin}{login}");
        output.WriteLine(access.FixedToken
            ? "  (the token is Room:OperatorToken; it stays valid until it is changed)"
            : "  (a new random token each start; each link signs in one browser, and the next link is printed here)");
        if (viewers.OnlyLoopbackHostsAllowed(configuration))
            output.WriteLine("  Note: AllowedHosts accepts only loopback names, so other machines are turned away; add the name people use (e.g. --AllowedHosts \"chaos.example.org;localhost\") or *.");
        output.WriteLine();
        output.Flush();
    }

    /// <summary>After a sign-in spent the random token: the link for the next browser, on the console only.</summary>
    public static void PrintNextLink(IServiceProvider services, string token)
    {
        var viewers = services.GetRequiredService<ViewerAddress>();
        var origin = viewers.OperatorBases().FirstOrDefault() ?? "";
        Console.Out.WriteLine($"Operator signed in. Operator link for another browser: {origin}{OperatorAccess.LoginPathAndQuery(token)}");
        Console.Out.Flush();
    }
}
