using System.Buffers.Binary;
using Ipv8.Keys;
using Ipv8.Messaging;

namespace Ipv8.Communities;

/// <summary>
/// Bounds the only signed answers an unproven source can get from us before it proved its address: answers to a source
/// we are waiting on (we challenged it, and its request may be its own challenge to us; without an answer two hardened
/// peers that challenged each other would wait forever). Each such answer must pass three token buckets over
/// <see cref="PeerTrustOptions.EarlyAnswerWindow"/>: per source address and per source key
/// (<see cref="PeerTrustOptions.EarlyAnswersPerWindow"/> each), and per (source address, claimed destination) pair (one),
/// so alternating the claimed destination, the key or the pending challenge does not reset anything. The reflection
/// ledger still applies on top. Not thread-safe (used under the network lock); tables bounded by
/// <see cref="PeerTrustOptions.MaxRateEntries"/>.
/// </summary>
internal sealed class EarlyAnswerLimits(PeerTrustOptions options)
{
    private readonly TokenBucketTable<UdpAddress> _sources = new(options.MaxRateEntries, PerWindow(options, options.EarlyAnswersPerWindow), TableFullPolicy.RefuseUnlessIdle, reuseIdleSlots: true);
    private readonly TokenBucketTable<MidKey> _keys = new(options.MaxRateEntries, PerWindow(options, options.EarlyAnswersPerWindow), TableFullPolicy.RefuseUnlessIdle, reuseIdleSlots: true);
    private readonly TokenBucketTable<(UdpAddress Source, UdpAddress Destination)> _destinations = new(options.MaxRateEntries, PerWindow(options, 1), TableFullPolicy.RefuseUnlessIdle, reuseIdleSlots: true);

    /// <summary>
    /// Takes an early answer for <paramref name="key"/> at <paramref name="source"/> naming <paramref name="destination"/>;
    /// false when one of the three buckets is empty (a token taken from an earlier bucket is not returned).
    /// </summary>
    public bool TryTake(UdpAddress source, PublicKey key, UdpAddress destination, long nowTicks)
        => _destinations.TryTake((source, destination), nowTicks) && _sources.TryTake(source, nowTicks) && _keys.TryTake(MidKey.Of(key), nowTicks);

    private static TokenRate PerWindow(PeerTrustOptions options, double count) => TokenRate.InUtcTicks(count / options.EarlyAnswerWindow.TotalSeconds, count);

    /// <summary>A key's 20-byte mid as a value (no allocation per lookup).</summary>
    private readonly record struct MidKey(ulong First, ulong Second, uint Third)
    {
        public static MidKey Of(PublicKey key)
        {
            var mid = key.Mid;
            return new MidKey(BinaryPrimitives.ReadUInt64LittleEndian(mid), BinaryPrimitives.ReadUInt64LittleEndian(mid[8..]), BinaryPrimitives.ReadUInt32LittleEndian(mid[16..]));
        }
    }
}
