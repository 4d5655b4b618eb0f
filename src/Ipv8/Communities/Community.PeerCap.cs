using Ipv8.Messaging;
using Ipv8.Peers;

namespace Ipv8.Communities;

/// <content>
/// The peer cap under the trust rules: never more than <see cref="MaxPeers"/> verified peers, by request or by response; a
/// newly proven peer replaces the peer silent longest (if silent for <see cref="PeerTrustOptions.SilentPeerTime"/>), else a
/// peer of an over-represented prefix (below), else it is refused and counted.
/// <para><b>Fair admission when full.</b> A flood of keys that answer every challenge (real sockets) fills the free slots and
/// then keeps them, since its peers are never silent; evicting only silent peers therefore locks every newcomer out. So,
/// when no peer is silent, the set makes room for diversity: peers are grouped by /24 (IPv4) or /56 (IPv6) prefix
/// (<see cref="SourceRateLimiter.PrefixOf"/>); the older half of the set (by when we first verified the peer) is protected;
/// among the younger half, the prefix with the most peers in the set is found, and when it holds at least two more peers
/// than the newcomer's own prefix, its youngest peer is evicted for the newcomer (counted in
/// <see cref="TrustCounter.DiversityEvictions"/>).</para>
/// <para>Consequences: a flood from one network can hold at most the free slots it found, and then loses one of them to
/// every newcomer from elsewhere; it cannot evict anyone itself (its prefix is already the most represented), so there is
/// no churn; peers that were here before the flood are in the protected half and stay. Peers that all share one prefix
/// (a LAN, loopback tests) never evict each other: the rule only changes who is refused when prefixes differ. An attacker
/// with addresses in many prefixes can still take the younger half of a full set, one slot per prefix (the known limit).</para>
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

        if (MaxPeers >= 0 && PeerCount >= MaxPeers && !TryEvictSilentPeer(now) && !TryEvictForDiversity(source))
        {
            _trust.Counters.Increment(TrustCounter.PeerCapRefusals);
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
        _trust.Counters.Increment(TrustCounter.PeersEvicted);
        return true;
    }

    /// <summary>
    /// Evicts the youngest peer of the most represented prefix outside the protected older half, when that prefix holds at
    /// least two more peers than the prefix of <paramref name="newcomer"/> (see the remarks above). Returns true when a peer
    /// was evicted.
    /// </summary>
    private bool TryEvictForDiversity(UdpAddress newcomer)
    {
        _peerScratch.Clear();
        Network.CopyPeersForService(_serviceId, _peerScratch);
        _peerScratch.Sort(static (a, b) => a.CreationTime.CompareTo(b.CreationTime));
        _prefixCounts.Clear();
        foreach (var peer in _peerScratch)
        {
            var prefix = ReceiveLimiter.PrefixOf(peer.Address);
            _prefixCounts[prefix] = _prefixCounts.GetValueOrDefault(prefix) + 1;
        }

        var own = _prefixCounts.GetValueOrDefault(ReceiveLimiter.PrefixOf(newcomer));
        Peer? victim = null;
        var most = own + 1;
        for (var i = _peerScratch.Count - 1; i >= _peerScratch.Count / 2; i--)
        {
            // Youngest first, so the first peer found of the winning prefix is its youngest unprotected one.
            var count = _prefixCounts[ReceiveLimiter.PrefixOf(_peerScratch[i].Address)];
            if (count > most)
            {
                victim = _peerScratch[i];
                most = count;
            }
        }

        _peerScratch.Clear();
        _prefixCounts.Clear();
        if (victim is null)
        {
            return false;
        }

        Network.RemovePeer(victim);
        _trust.Counters.Increment(TrustCounter.DiversityEvictions);
        return true;
    }
}
