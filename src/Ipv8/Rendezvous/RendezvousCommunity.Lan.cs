using Ipv8.Messaging;

namespace Ipv8.Rendezvous;

/// <content>LAN announcements: a signed record sent to a broadcast address, never answered.</content>
public sealed partial class RendezvousCommunity
{
    private Action<SignedPeerRecord, UdpAddress>[] _announcementListeners = [];

    /// <summary>Sends <paramref name="record"/> (ours) as an ANNOUNCE to <paramref name="destination"/> (a broadcast address or a peer).</summary>
    /// <param name="record">A record signed by our key.</param>
    /// <param name="destination">Where to send it.</param>
    /// <returns>False when the endpoint refused the datagram (counted there).</returns>
    /// <exception cref="ArgumentException">The record is not ours.</exception>
    public bool Announce(SignedPeerRecord record, UdpAddress destination)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!record.KeyBin.Span.SequenceEqual(MyPeer.PublicKey.KeyBin))
        {
            throw new ArgumentException("Only our own records can be announced.", nameof(record));
        }

        lock (Network.SyncRoot)
        {
            _counters.Increment(RendezvousCounter.AnnouncementsSent);
            return SendSignedWithoutGlobalTime(destination, AnnouncePayload.MessageId, new AnnouncePayload(record));
        }
    }

    /// <summary>
    /// Calls <paramref name="listener"/> (under the network lock; it must not block) with every valid announcement received:
    /// the record is checked (signature, expiry) and must be the sender's own; at most 1 per second (burst 10) per source.
    /// </summary>
    /// <param name="listener">Receives the record and the source address.</param>
    /// <returns>Disposing it removes the listener.</returns>
    public IDisposable AddAnnouncementListener(Action<SignedPeerRecord, UdpAddress> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (Network.SyncRoot)
        {
            _announcementListeners = [.. _announcementListeners, listener];
        }

        return new ListenerRegistration(this, listener);
    }

    private void OnAnnounce(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        if (!TryReadSigned<AnnouncePayload>(source, datagram, out var sender, out _, out var announce, hasGlobalTime: false))
        {
            return;
        }

        var record = announce.Record;
        if (!record.KeyBin.Span.SequenceEqual(sender.PublicKey.KeyBin)
            || !_announceLimiter.TryTake(source, TimeProvider.GetUtcNow().UtcTicks)
            || record.Check(_parser, TimeProvider.GetUtcNow(), null, out _) != RecordProblem.None)
        {
            _counters.Increment(RendezvousCounter.AnnouncementsRefused);
            Drop(DropReason.Unexpected, source);
            return;
        }

        _counters.Increment(RendezvousCounter.AnnouncementsReceived);
        foreach (var listener in _announcementListeners)
        {
            listener(record, source);
        }
    }

    private sealed class ListenerRegistration(RendezvousCommunity owner, Action<SignedPeerRecord, UdpAddress> listener) : IDisposable
    {
        public void Dispose()
        {
            lock (owner.Network.SyncRoot)
            {
                owner._announcementListeners = [.. owner._announcementListeners.Where(l => l != listener)];
            }
        }
    }
}
