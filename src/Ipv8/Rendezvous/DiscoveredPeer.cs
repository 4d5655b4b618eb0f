using Ipv8.Keys;
using Ipv8.Messaging;

namespace Ipv8.Rendezvous;

/// <summary>A distinct, verified peer handed out by a <see cref="IDiscoveryQuery"/>.</summary>
/// <param name="PublicKey">The peer's key (verified: the signer of its record, or a key proven at its address by a community).</param>
/// <param name="Addresses">The addresses it can be reached at.</param>
/// <param name="Namespace">The namespace it was found under.</param>
/// <param name="InterfaceName">The <see cref="IDiscoveryInterface.Name"/> that found it first.</param>
public sealed record DiscoveredPeer(PublicKey PublicKey, IReadOnlyList<UdpAddress> Addresses, string Namespace, string InterfaceName)
{
    /// <summary>Gets the member id (SHA-1 of the key bin) in lower-case hex.</summary>
    public string MidHex => PublicKey.MidHex;
}
