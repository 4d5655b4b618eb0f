using System.Net;
using Ipv8.Connectivity.Turn;

namespace Ipv8.Connectivity.Ladder;

/// <summary>The TURN servers of the <c>relay</c> rung and the relays this node agrees to dial when asked.</summary>
public sealed class RelayRungOptions
{
    /// <summary>Gets the servers to allocate on, tried in order until one allocates. Default none (the rung then only answers).</summary>
    public IReadOnlyList<TurnServer> Servers { get; init; } = [];

    /// <summary>
    /// Gets further relay addresses this node dials when a peer asks it to meet through a relay, besides the
    /// addresses of <see cref="Servers"/> (for a server whose relay-ip differs from its listening address).
    /// A relayed address on any other host is refused, so no peer can make this node connect to a third party.
    /// </summary>
    public IReadOnlyList<IPAddress> AcceptedRelayAddresses { get; init; } = [];

    /// <summary>Gets the TURN client's timeouts and lifetimes.</summary>
    public TurnClientOptions Client { get; init; } = new();
}
