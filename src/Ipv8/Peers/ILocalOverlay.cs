namespace Ipv8.Peers;

/// <summary>
/// A local overlay as the <see cref="Network"/> knows it (py-ipv8 <c>service_overlays</c>): its service id and the
/// identity it signs with. DiscoveryCommunity uses this to tell peers which overlays each local identity runs.
/// </summary>
public interface ILocalOverlay
{
    /// <summary>Gets the 20-byte community (service) id.</summary>
    ReadOnlyMemory<byte> CommunityId { get; }

    /// <summary>Gets the identity this overlay signs with.</summary>
    MyPeer MyPeer { get; }
}
