namespace Ipv8.Peers;

/// <content>Allocation-free listing of verified peers (for walk strategies that run every tick).</content>
public sealed partial class Network
{
    /// <summary>Appends every verified peer to <paramref name="destination"/> (insertion order; no other allocation).</summary>
    public void CopyVerifiedPeers(List<Peer> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        lock (SyncRoot)
        {
            destination.AddRange(_verified);
        }
    }
}
