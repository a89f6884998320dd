using System.Net;
using System.Net.Sockets;

namespace ChatBot.Tests.Shared;

/// <summary>Ports on the loopback address for tests that start (or pretend to reach) a server of their own.</summary>
internal static class LoopbackPort
{
    /// <summary>A port with nothing listening on it right now.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
