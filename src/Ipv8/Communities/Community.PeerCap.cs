using Ipv8.Messaging;
using Ipv8.Peers;

namespace Ipv8.Communities;

/// <content>
/// The peer cap under the trust rules: never more than <see cref="MaxPeers"/> verified peers, by request or by response; a
/// newly proven peer replaces the peer silent longest (if silent for <see cref="PeerTrustOptions.SilentPeerTime"/>), else it
/// is refused and counted.
/// </content>
public partial class Community
{
    /// <summary>
    /// Adds the proven <paramref name="sender"/> (at <paramref name="source"/>) as a verified peer of this community, moving a
    /// known key's address to <paramref name="source"/>. At <see cref="MaxPeers"/>, evicts the peer silent longest if it is
    /// silent enough, else refuses. Returns the held peer, or null when refused (or blacklisted).
    /// </summary>
    private protected Peer? AdmitVerified(Peer sender, UdpAddress source, UdpAddress lan)
    {
        var existing = Network.GetVerifiedByPublicKeyBin(sender.PublicKey.KeyBin);
        var now = TimeProvider.GetUtcNow();
        if (existing is not null)
        {
            existing.AddAddress(source);
            if (lan.IsIPv4)
            {
                existing.SetLanAddress(lan);
            }

            existing.LastResponse = now;
            existing.NewStyleIntro |= sender.NewStyleIntro;
            if (existing.Services?.Contains(_serviceId) == true)
            {
                return existing;
            }
        }

        if (Network.IsBlacklisted(source) || Network.IsMidBlacklisted(sender.Mid))
        {
            return null;
        }

        if (MaxPeers >= 0 && PeerCount >= MaxPeers && !TryEvictSilentPeer(now))
        {
            _trust.Counters.PeerCapRefusal();
            return null;
        }

        var held = existing;
        if (held is null)
        {
            if (lan.IsIPv4)
            {
                sender.SetLanAddress(lan);
            }

            sender.LastResponse = now;
            held = Network.AddVerifiedPeer(sender);
            if (held is null)
            {
                return null;
            }
        }

        Network.DiscoverServices(held, _serviceId);
        return held;
    }

    private bool TryEvictSilentPeer(DateTimeOffset now)
    {
        _peerScratch.Clear();
        Network.CopyPeersForService(_serviceId, _peerScratch);
        var cutoff = (now - _trust.Options.SilentPeerTime).UtcTicks;
        Peer? victim = null;
        var oldest = long.MaxValue;
        foreach (var peer in _peerScratch)
        {
            var heard = peer.LastResponse?.UtcTicks ?? long.MinValue;
            if (heard <= cutoff && heard < oldest)
            {
                victim = peer;
                oldest = heard;
            }
        }

        _peerScratch.Clear();
        if (victim is null)
        {
            return false;
        }

        Network.RemovePeer(victim);
        _trust.Counters.PeerEvicted();
        return true;
    }
}
