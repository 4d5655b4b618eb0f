using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Ipv8.Messaging;

namespace Ipv8.Peers;

/// <summary>
/// The peer bookkeeping shared by all overlays of one IPv8 instance (py-ipv8 <c>Network</c>, spec 6.2-6.3):
/// known (walkable) addresses with their introducers, verified peers, blacklists and the services each peer offers.
/// </summary>
/// <remarks>
/// <para>Threading: every public member takes <see cref="SyncRoot"/> (a reentrant monitor), so the network is safe
/// to use from any thread. A <c>Community</c> holds the same lock for the whole handling of a datagram and around
/// its timer callbacks, and the walk loop holds it around strategy steps, so a sequence of calls made there is
/// atomic. <see cref="PeerAdded"/> and <see cref="PeerRemoved"/> are raised while the lock is held.</para>
/// <para>Bounds: see <see cref="NetworkOptions"/>. Lookups by address, key bin and service are O(1)
/// dictionary lookups; listings return new lists in a deterministic (insertion) order.</para>
/// </remarks>
public sealed partial class Network
{
    /// <summary>The most one-service sets shared per network (see <c>SingleServiceSet</c>).</summary>
    private const int MaxSharedServiceSets = 64;

    // Known addresses oldest first (entries are never touched, so the table's recency order is insertion order): one
    // array of struct entries instead of a dictionary of entry objects plus a linked list of address nodes.
    private readonly LruTable<UdpAddress, AddressEntry> _allAddresses;
    private readonly List<Peer> _verified = [];
    // One record per key bin for the verified peer and the services of that key (either may be absent): one table where
    // a key table and a services table cost two entries per peer.
    private readonly Dictionary<byte[], KeyRecord> _keys = new(ByteArrayComparer.Instance);
    private readonly Dictionary<byte[], KeyRecord>.AlternateLookup<ReadOnlySpan<byte>> _keysSpan;
    private readonly Dictionary<UdpAddress, Peer> _byAddress = [];
    private readonly HashSet<UdpAddress> _blacklist = [];
    private readonly HashSet<byte[]> _blacklistMids = new(ByteArrayComparer.Instance);
    private readonly HashSet<byte[]>.AlternateLookup<ReadOnlySpan<byte>> _blacklistMidsSpan;
    private int _serviceEntries;
    private readonly Dictionary<ServiceId, ILocalOverlay> _serviceOverlays = [];
    private readonly Dictionary<ServiceId, ServiceSet> _singleServiceSets = [];
    private long _refusedPeers;
    private long _evictedAddresses;
    private long _refusedServices;

    /// <summary>Creates an empty network.</summary>
    /// <param name="options">Bounds; <see cref="NetworkOptions"/> defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not positive.</exception>
    public Network(NetworkOptions? options = null)
    {
        Options = options ?? new NetworkOptions();
        Options.Validate();
        _allAddresses = new LruTable<UdpAddress, AddressEntry>(Options.MaxKnownAddresses);
        _keysSpan = _keys.GetAlternateLookup<ReadOnlySpan<byte>>();
        _blacklistMidsSpan = _blacklistMids.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>Raised (under <see cref="SyncRoot"/>) when a peer becomes verified. Handlers must not throw.</summary>
    public event EventHandler<Peer>? PeerAdded;

    /// <summary>Raised (under <see cref="SyncRoot"/>) when a verified peer is removed. Handlers must not throw.</summary>
    public event EventHandler<Peer>? PeerRemoved;

    /// <summary>
    /// Raised (under <see cref="SyncRoot"/>) when <see cref="DiscoverAddress"/> records an address the network did not know
    /// (neither walkable nor used by a verified peer), after its introducer was added. Handlers must not throw and should
    /// not send from inside the handler (the community is still processing the response); RandomWalk queues the address.
    /// </summary>
    public event EventHandler<IntroducedAddress>? AddressIntroduced;

    /// <summary>
    /// Raised (under <see cref="SyncRoot"/>) for every introduction <see cref="DiscoverAddress"/> accepts, new or already
    /// known (not for zero or blacklisted addresses), after <see cref="AddressIntroduced"/>, with
    /// <see cref="IntroducedAddress.Introducer"/> and <see cref="IntroducedAddress.IsNew"/> set: which peer named which
    /// address (RandomWalk's introduction runs follow one responder's answers). Same rules for handlers as
    /// <see cref="AddressIntroduced"/>.
    /// </summary>
    public event EventHandler<IntroducedAddress>? AddressDiscovered;

    /// <summary>
    /// Gets the lock guarding this network. Communities hold it while handling a datagram and in timer callbacks;
    /// code that makes several related calls from elsewhere should hold it too.
    /// </summary>
    public object SyncRoot { get; } = new();

    /// <summary>Gets the bounds of this network.</summary>
    public NetworkOptions Options { get; }

    /// <summary>Gets the number of verified peers.</summary>
    public int VerifiedPeerCount
    {
        get
        {
            lock (SyncRoot)
            {
                return _verified.Count;
            }
        }
    }

    /// <summary>Gets the number of peers refused because <see cref="NetworkOptions.MaxVerifiedPeers"/> was reached.</summary>
    public long RefusedPeers => Interlocked.Read(ref _refusedPeers);

    /// <summary>Gets the number of known addresses evicted because <see cref="NetworkOptions.MaxKnownAddresses"/> was reached.</summary>
    public long EvictedAddresses => Interlocked.Read(ref _evictedAddresses);

    /// <summary>Gets the number of service records refused by the service bounds.</summary>
    public long RefusedServices => Interlocked.Read(ref _refusedServices);

    /// <summary>Returns the verified peers (a new list, insertion order).</summary>
    public IReadOnlyList<Peer> GetVerifiedPeers()
    {
        lock (SyncRoot)
        {
            return [.. _verified];
        }
    }

    /// <summary>
    /// Adds <paramref name="peer"/> as verified (spec 6.3 <c>add_verified_peer</c>). Ignored when its mid is
    /// blacklisted, when none of its addresses is known and one is blacklisted, or when the network is full
    /// (counted in <see cref="RefusedPeers"/>). When a peer with the same key bin is already verified, the new
    /// peer's address slots are merged into it.
    /// </summary>
    /// <returns>The verified peer object now held by the network (the existing one when merged), or null when ignored.</returns>
    public Peer? AddVerifiedPeer(Peer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        lock (SyncRoot)
        {
            if (_blacklistMidsSpan.Contains(peer.Mid))
            {
                return null;
            }

            if (VerifiedOf(peer.PublicKey.KeyBin) is { } existing)
            {
                if (!ReferenceEquals(existing, peer))
                {
                    MergeAddresses(existing, peer);
                }

                return existing;
            }

            if (_verified.Count >= Options.MaxVerifiedPeers)
            {
                Interlocked.Increment(ref _refusedPeers);
                return null;
            }

            if (!AnyAddressKnown(peer))
            {
                if (AnyAddressBlacklisted(peer))
                {
                    return null;
                }

                peer.ForEachAddress(this, static (self, address) => self.AddKnownAddress(address, null, null, false));
            }

            _verified.Add(peer);
            ref var record = ref CollectionsMarshal.GetValueRefOrNullRef(_keysSpan, peer.PublicKey.KeyBin);
            if (Unsafe.IsNullRef(ref record))
            {
                _keys[KeyOf(peer)] = new KeyRecord { Verified = peer };
                peer.Services = null;
            }
            else
            {
                record.Verified = peer;
                peer.Services = record.Services;
            }

            peer.ForEachAddress((Self: this, Peer: peer), static (s, address) => s.Self._byAddress[address] = s.Peer);
            peer.Owner = this;
            PeerAdded?.Invoke(this, peer);
            return peer;
        }
    }

    /// <summary>Returns the verified peer with <paramref name="address"/> in any address slot, or null.</summary>
    public Peer? GetVerifiedByAddress(UdpAddress address)
    {
        lock (SyncRoot)
        {
            return _byAddress.GetValueOrDefault(address);
        }
    }

    /// <summary>Returns the verified peer whose public key bin equals <paramref name="keyBin"/>, or null. Does not allocate.</summary>
    public Peer? GetVerifiedByPublicKeyBin(ReadOnlySpan<byte> keyBin)
    {
        lock (SyncRoot)
        {
            return VerifiedOf(keyBin);
        }
    }

    /// <summary>
    /// Removes <paramref name="peer"/> (matched by key bin): drops its addresses from the known addresses, removes it
    /// from the verified peers and forgets its services. Does nothing for an unknown peer.
    /// </summary>
    public void RemovePeer(Peer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        lock (SyncRoot)
        {
            var held = VerifiedOf(peer.PublicKey.KeyBin) ?? peer;
            held.ForEachAddress(this, static (self, address) => self.RemoveKnownAddress(address));
            if (!ReferenceEquals(held, peer))
            {
                peer.ForEachAddress(this, static (self, address) => self.RemoveKnownAddress(address));
            }

            ForgetServices(held.PublicKey.KeyBin);
            RemoveVerified(held);
        }
    }

    /// <summary>
    /// Forgets <paramref name="address"/> as a known address and removes the verified peer using it (with its
    /// services). Unlike py-ipv8, the peer's key-map entry is removed too, so a later re-add starts afresh.
    /// </summary>
    public void RemoveByAddress(UdpAddress address)
    {
        lock (SyncRoot)
        {
            RemoveKnownAddress(address);
            if (_byAddress.TryGetValue(address, out var peer))
            {
                ForgetServices(peer.PublicKey.KeyBin);
                RemoveVerified(peer);
            }
        }
    }

    /// <summary>Called by <see cref="Peer"/> when one of its slots changes, to keep the address index right.</summary>
    internal void OnPeerAddressChanged(Peer peer, UdpAddress? oldAddress, UdpAddress newAddress)
    {
        lock (SyncRoot)
        {
            if (!ReferenceEquals(peer.Owner, this))
            {
                return;
            }

            if (oldAddress is { } old && !peer.HasAddress(old) && _byAddress.TryGetValue(old, out var holder) && ReferenceEquals(holder, peer))
            {
                _byAddress.Remove(old);
            }

            _byAddress[newAddress] = peer;
        }
    }

    private void RemoveVerified(Peer peer)
    {
        var index = _verified.IndexOf(peer);
        if (index < 0)
        {
            return;
        }

        _verified.RemoveAt(index);
        ref var record = ref CollectionsMarshal.GetValueRefOrNullRef(_keysSpan, peer.PublicKey.KeyBin);
        if (!Unsafe.IsNullRef(ref record) && ReferenceEquals(record.Verified, peer))
        {
            if (record.Services is null)
            {
                _keysSpan.Remove(peer.PublicKey.KeyBin);
            }
            else
            {
                record.Verified = null;
            }
        }

        peer.ForEachAddress((Self: this, Peer: peer), static (s, address) =>
        {
            if (s.Self._byAddress.TryGetValue(address, out var holder) && ReferenceEquals(holder, s.Peer))
            {
                s.Self._byAddress.Remove(address);
            }
        });
        peer.Owner = null;
        peer.Services = null;
        PeerRemoved?.Invoke(this, peer);
    }

    private static void MergeAddresses(Peer target, Peer source)
    {
        if (source.IPv4Address is { } v4)
        {
            target.AddAddress(v4);
        }

        if (source.IPv6Address is { } v6)
        {
            target.AddAddress(v6);
        }

        if (source.LanAddress is { } lan)
        {
            target.SetLanAddress(lan);
        }
    }

    /// <summary>
    /// The key bin of <paramref name="peer"/> as a dictionary key: the key's own array when it is a whole array (key bins
    /// are never written after the key is made), else a copy. Shared rather than copied per table: ~100 bytes per peer
    /// and table.
    /// </summary>
    private static byte[] KeyOf(Peer peer)
        => System.Runtime.InteropServices.MemoryMarshal.TryGetArray(peer.PublicKey.KeyBinMemory, out var segment)
           && segment.Array is { } array && segment.Offset == 0 && segment.Count == array.Length
            ? array
            : peer.PublicKey.KeyBin.ToArray();

    /// <summary>Returns the verified peer of <paramref name="keyBin"/>, or null.</summary>
    private Peer? VerifiedOf(ReadOnlySpan<byte> keyBin) => _keysSpan.TryGetValue(keyBin, out var record) ? record.Verified : null;

    /// <summary>Returns the services recorded for <paramref name="keyBin"/>, or null.</summary>
    private ServiceSet? ServicesOf(ReadOnlySpan<byte> keyBin) => _keysSpan.TryGetValue(keyBin, out var record) ? record.Services : null;

    /// <summary>Forgets the services of <paramref name="keyBin"/> (the record goes when no verified peer holds it either).</summary>
    private void ForgetServices(ReadOnlySpan<byte> keyBin)
    {
        ref var record = ref CollectionsMarshal.GetValueRefOrNullRef(_keysSpan, keyBin);
        if (Unsafe.IsNullRef(ref record) || record.Services is null)
        {
            return;
        }

        _serviceEntries--;
        if (record.Verified is null)
        {
            _keysSpan.Remove(keyBin);
        }
        else
        {
            record.Services = null;
            record.Verified.Services = null;
        }
    }

    /// <summary>What the network holds for one key bin: its verified peer and its services, either possibly absent.</summary>
    private struct KeyRecord
    {
        public Peer? Verified;
        public ServiceSet? Services;
    }
}
