using System.Net;
using System.Net.Sockets;

namespace ChatBot.Tests.Shared;

/// <summary>Ports for servers a test starts after it has told another component where to find them.</summary>
internal static class LoopbackPort
{
    /// <summary>Below the kernel's ephemeral range (Linux: 32768 and up), so that no listener bound to port 0 in a test
    /// running alongside can be given the port between the moment it is chosen and the moment it is used.</summary>
    private const int First = 20000;
    private const int Last = 32000;

    private static int _next = First + Random.Shared.Next(Last - First);

    /// <summary>A port with nothing listening on it right now, never handed out twice in one test run.</summary>
    public static int Free()
    {
        for (var attempt = 0; attempt < Last - First; attempt++)
        {
            var port = First + (Interlocked.Increment(ref _next) % (Last - First));
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken by something else on the machine: try the next.
            }
        }

        throw new InvalidOperationException($"No free loopback port between {First} and {Last}.");
    }
}
