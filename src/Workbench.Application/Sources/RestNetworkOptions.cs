using Workbench.Connectors.Rest;

namespace Workbench.Application.Sources;

/// <summary>Section <c>Sources:Rest</c> of appsettings.json: the networks REST sources may and may not reach (CIDR lists).</summary>
public sealed class RestNetworkOptions
{
    /// <summary>When not empty, REST sources may reach only addresses in these networks.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>Refused on top of link-local, cloud metadata, unspecified, multicast and broadcast addresses (always refused).</summary>
    public List<string> RefusedNetworks { get; set; } = [];

    public RestNetworkPolicy Policy() => new(AllowedNetworks, RefusedNetworks);
}
