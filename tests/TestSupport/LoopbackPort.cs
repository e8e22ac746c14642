using System.Net;
using System.Net.Sockets;

namespace ChaosDashboard.TestSupport;

public static class LoopbackPort
{
    /// <summary>A port nobody listens on right now (the system picks it), for a server or an unreachable endpoint.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
