using Ipv8.Peers;

namespace Ipv8.Rendezvous;

/// <summary>
/// Where an <see cref="IDiscoveryInterface"/> reports what it found for a request. Implementations are thread-safe, never
/// block and may be called under an overlay's network lock. The receiver verifies and de-duplicates.
/// </summary>
public interface IDiscoverySink
{
    /// <summary>Reports a signed record; it is checked (signature, expiry, namespace) before anyone sees it.</summary>
    /// <param name="record">The record as received.</param>
    /// <param name="interfaceName">The reporting interface's name.</param>
    void OnRecord(SignedPeerRecord record, string interfaceName);

    /// <summary>Reports a peer whose key a community has already proven at its address (the trust handshake).</summary>
    /// <param name="peer">The verified peer.</param>
    /// <param name="ns">The namespace it was found under.</param>
    /// <param name="interfaceName">The reporting interface's name.</param>
    void OnVerifiedPeer(Peer peer, string ns, string interfaceName);
}
