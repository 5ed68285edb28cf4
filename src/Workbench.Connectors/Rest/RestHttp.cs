using System.Net;
using System.Net.Sockets;

namespace Workbench.Connectors.Rest;

/// <summary>
/// The HTTP client of REST sources. Every connection is checked against the <see cref="RestNetworkPolicy"/> at
/// the moment it is opened: the host name is resolved here, every address it resolves to is checked, and the
/// socket connects only to those checked addresses, so a name that resolves differently later (DNS rebinding)
/// cannot slip past. Redirects are not followed (a redirect could carry an API key header to another host)
/// and no proxy is used (the check would then see the proxy, not the API).
/// </summary>
public static class RestHttp
{
    public static HttpClient Create(RestNetworkPolicy policy) =>
        new(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
            UseProxy = false,
            ConnectCallback = (context, cancellationToken) => ConnectAsync(policy, context.DnsEndPoint, cancellationToken),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

    private static async ValueTask<Stream> ConnectAsync(RestNetworkPolicy policy, DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        // Every address is checked, not only the one connected to: a name that also resolves to a refused address is refused.
        var refusals = addresses.Select(policy.RefusalOf).OfType<string>().ToList();
        if (refusals.Count > 0)
            throw new RestAddressRefusedException(
                $"The API's address is not allowed: {string.Join("; ", refusals)} (settings Sources:Rest:AllowedNetworks and RefusedNetworks). Nothing was sent.");
        if (addresses.Length == 0)
            throw new HttpRequestException($"'{endpoint.Host}' has no address.");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
