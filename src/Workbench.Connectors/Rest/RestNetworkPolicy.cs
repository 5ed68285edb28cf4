using System.Net;
using System.Net.Sockets;
using Workbench.Connectors.Contract;

namespace Workbench.Connectors.Rest;

/// <summary>
/// Which addresses REST sources may connect to, set by the administrator (<c>Sources:Rest:AllowedNetworks</c>,
/// <c>Sources:Rest:RefusedNetworks</c>, CIDR lists). Some networks are always refused because nothing a data
/// source offers lives there but cloud credentials do: link-local and cloud metadata addresses, and addresses
/// that name no single host (unspecified, multicast, broadcast). Loopback is allowed unless the administrator
/// refuses it, because the demo's FAST API runs next to the workbench.
/// </summary>
public sealed class RestNetworkPolicy
{
    public static readonly IReadOnlyList<string> AlwaysRefused =
    [
        "169.254.0.0/16", "fe80::/10",                                  // link-local, where 169.254.169.254 (AWS, GCP, Azure metadata) lives
        "fd00:ec2::254/128", "100.100.100.200/32",                       // AWS IPv6 and Alibaba Cloud metadata
        "0.0.0.0/8", "::/128", "224.0.0.0/4", "ff00::/8", "255.255.255.255/32", // unspecified, multicast, broadcast
    ];

    private readonly List<IPNetwork> _allowed;
    private readonly IReadOnlyList<IPNetwork> _refused;

    /// <param name="allowed">When not empty, only these networks may be reached.</param>
    /// <param name="refused">Refused on top of <see cref="AlwaysRefused"/>, e.g. <c>127.0.0.0/8</c> and <c>::1/128</c> to refuse loopback.</param>
    public RestNetworkPolicy(IEnumerable<string>? allowed = null, IEnumerable<string>? refused = null)
    {
        _allowed = (allowed ?? []).Select(Parse).ToList();
        _refused = AlwaysRefused.Concat(refused ?? []).Select(Parse).ToList();
    }

    /// <summary>Why <paramref name="address"/> may not be reached, or null when it may.</summary>
    public string? RefusalOf(IPAddress address)
    {
        // ::ffff:169.254.169.254 is 169.254.169.254: judge the IPv4 address an IPv4-mapped one stands for.
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        foreach (var refused in _refused.Where(n => n.Contains(plain)))
            return $"{plain} is in the refused network {refused}";
        if (_allowed.Count > 0 && !_allowed.Any(n => n.Contains(plain)))
            return $"{plain} is not in the allowed networks ({string.Join(", ", _allowed)})";
        return null;
    }

    private static IPNetwork Parse(string cidr)
    {
        var text = cidr.Trim();
        if (!text.Contains('/') && IPAddress.TryParse(text, out var single))
            text += single.AddressFamily == AddressFamily.InterNetworkV6 ? "/128" : "/32";
        return IPNetwork.TryParse(text, out var network)
            ? network
            : throw new SourceException($"'{cidr}' in Sources:Rest:AllowedNetworks or RefusedNetworks is not a network such as 10.0.0.0/8 or fd00::/8.");
    }
}

/// <summary>A REST source's address is outside what the administrator allows; nothing was sent to it.</summary>
public sealed class RestAddressRefusedException(string message) : SourceException(message);
