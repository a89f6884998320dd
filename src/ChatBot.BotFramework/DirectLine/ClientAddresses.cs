using System.Net;
using System.Net.Sockets;

namespace ChatBot.BotFramework.DirectLine;

/// <summary>
/// Which client a per-address limit counts a request against. An IPv6 client usually holds a whole /64 and can pick any
/// address in it, so IPv6 addresses are counted by their /64 prefix; IPv4 (also when mapped into IPv6) by the address.
/// </summary>
public static class ClientAddresses
{
    public static string PartitionKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes).ToString() + "/64";
    }
}
