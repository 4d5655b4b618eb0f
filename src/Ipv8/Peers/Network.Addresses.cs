using Ipv8.Keys;
using Ipv8.Messaging;

namespace Ipv8.Peers;

/// <content>Known (walkable) addresses, introductions and blacklists.</content>
public sealed partial class Network
{
    /// <summary>Gets the number of known addresses.</summary>
    public int KnownAddressCount
    {
        get
        {
            lock (SyncRoot)
            {
                return _allAddresses.Count;
            }
        }
    }

    /// <summary>Returns true when <paramref name="address"/> is a known address.</summary>
    public bool IsKnownAddress(UdpAddress address)
    {
        lock (SyncRoot)
        {
            return _allAddresses.Contains(address);
        }
    }

    /// <summary>Returns true when <paramref name="address"/> is known and was introduced by a new-style responder (spec 5.8).</summary>
    public bool IsNewStyleAddress(UdpAddress address)
    {
        lock (SyncRoot)
        {
            ref var entry = ref _allAddresses.Peek(address, out var found);
            return found && entry.NewStyle;
        }
    }

    /// <summary>
    /// Records that <paramref name="introducer"/> introduced <paramref name="address"/> for <paramref name="service"/>
    /// (spec 6.3 <c>discover_address</c>), then adds the introducer as verified and, when the address was new, raises
    /// <see cref="AddressIntroduced"/>; then <see cref="AddressDiscovered"/> for any recorded address. A blacklisted address is not
    /// recorded; an address already known keeps its record unless its introducer is no longer verified.
    /// </summary>
    /// <param name="introducer">The peer whose introduction-response named the address.</param>
    /// <param name="address">The introduced address.</param>
    /// <param name="service">The service the introduction was for, if any.</param>
    /// <param name="newStyle">The response's <c>intro_supports_new_style</c> flag.</param>
    public void DiscoverAddress(Peer introducer, UdpAddress address, ServiceId? service, bool newStyle = false)
    {
        ArgumentNullException.ThrowIfNull(introducer);
        lock (SyncRoot)
        {
            var fresh = false;
            var recorded = false;
            if (!_blacklist.Contains(address) && !address.IsZero)
            {
                recorded = true;
                ref var entry = ref _allAddresses.Peek(address, out var known);
                if (!known)
                {
                    AddKnownAddress(address, introducer.PublicKey, service, newStyle);
                    fresh = true;
                }
                else if (entry.Introducer is null || VerifiedOf(entry.Introducer.KeyBin) is null)
                {
                    entry = new AddressEntry(introducer.PublicKey, service is { } id ? SingleServiceSet(id) : null, newStyle);
                }
            }

            AddVerifiedPeer(introducer);
            if (fresh)
            {
                AddressIntroduced?.Invoke(this, new IntroducedAddress(address, service));
            }

            if (recorded)
            {
                AddressDiscovered?.Invoke(this, new IntroducedAddress(address, service) { Introducer = introducer, IsNew = fresh });
            }
        }
    }

    /// <summary>
    /// Returns the known addresses that may be walked to for <paramref name="service"/> (spec 6.3): addresses not used
    /// by a verified peer of that service, whose introducer offers the service (or that were introduced for it).
    /// Without a service: every known address not used by any verified peer. A new list, oldest address first.
    /// </summary>
    /// <param name="service">The service, or null for all.</param>
    /// <param name="oldStyleOnly">When true, addresses recorded as new-style are left out.</param>
    public IReadOnlyList<UdpAddress> GetWalkableAddresses(ServiceId? service = null, bool oldStyleOnly = false)
    {
        var result = new List<UdpAddress>();
        lock (SyncRoot)
        {
            for (var order = _allAddresses.OldestFirst(); order.MoveNext();)
            {
                var address = order.CurrentKey;
                ref var entry = ref order.CurrentValue;
                if (oldStyleOnly && entry.NewStyle)
                {
                    continue;
                }

                if (_byAddress.TryGetValue(address, out var user) && (service is not { } used || user.Services?.Contains(used) == true))
                {
                    continue;
                }

                if (service is { } id && !entry.IsFor(id) && (entry.Introducer is null || !OffersService(entry.Introducer, id)))
                {
                    continue;
                }

                result.Add(address);
            }
        }

        return result;
    }

    /// <summary>Returns the known addresses whose recorded introducer is <paramref name="introducer"/> (a new list).</summary>
    public IReadOnlyList<UdpAddress> GetIntroductionsFrom(Peer introducer)
    {
        ArgumentNullException.ThrowIfNull(introducer);
        var result = new List<UdpAddress>();
        lock (SyncRoot)
        {
            for (var order = _allAddresses.OldestFirst(); order.MoveNext();)
            {
                var recorded = order.CurrentValue.Introducer;
                if (recorded is not null && recorded.KeyBin.SequenceEqual(introducer.PublicKey.KeyBin))
                {
                    result.Add(order.CurrentKey);
                }
            }
        }

        return result;
    }

    /// <summary>Adds <paramref name="address"/> to the address blacklist (tracker addresses). Blacklisted addresses are never walked to.</summary>
    public void AddToBlacklist(UdpAddress address)
    {
        lock (SyncRoot)
        {
            _blacklist.Add(address);
        }
    }

    /// <summary>Returns true when <paramref name="address"/> is blacklisted.</summary>
    public bool IsBlacklisted(UdpAddress address)
    {
        lock (SyncRoot)
        {
            return _blacklist.Contains(address);
        }
    }

    /// <summary>Adds a 20-byte member id to the blacklist (each community adds its own mid); such peers are never verified.</summary>
    public void BlacklistMid(ReadOnlySpan<byte> mid)
    {
        lock (SyncRoot)
        {
            _blacklistMidsSpan.Add(mid);
        }
    }

    /// <summary>Returns true when <paramref name="mid"/> is blacklisted.</summary>
    public bool IsMidBlacklisted(ReadOnlySpan<byte> mid)
    {
        lock (SyncRoot)
        {
            return _blacklistMidsSpan.Contains(mid);
        }
    }

    private bool AnyAddressKnown(Peer peer)
        => (peer.IPv4Address is { } a && _allAddresses.Contains(a))
           || (peer.IPv6Address is { } b && _allAddresses.Contains(b))
           || (peer.LanAddress is { } c && _allAddresses.Contains(c));

    private bool AnyAddressBlacklisted(Peer peer)
        => (peer.IPv4Address is { } a && _blacklist.Contains(a))
           || (peer.IPv6Address is { } b && _blacklist.Contains(b))
           || (peer.LanAddress is { } c && _blacklist.Contains(c));

    private void AddKnownAddress(UdpAddress address, PublicKey? introducer, ServiceId? service, bool newStyle)
    {
        if (_allAddresses.Contains(address))
        {
            return;
        }

        while (_allAddresses.Count >= Options.MaxKnownAddresses && _allAddresses.RemoveLeastRecent(out _))
        {
            Interlocked.Increment(ref _evictedAddresses);
        }

        _allAddresses.AddNew(address, out _) = new AddressEntry(introducer, service is { } id ? SingleServiceSet(id) : null, newStyle);
    }

    private void RemoveKnownAddress(UdpAddress address) => _allAddresses.Remove(address);

    /// <summary>
    /// What is known about a walkable address: who introduced it, for which service, in which format. A struct kept in the
    /// table's entry array; the service as the network's shared one-service set (a reference instead of a 20-byte id and
    /// its flag: 16 bytes less per address).
    /// </summary>
    private readonly struct AddressEntry(PublicKey? introducer, ServiceSet? service, bool newStyle)
    {
        public PublicKey? Introducer { get; } = introducer;

        public bool NewStyle { get; } = newStyle;

        /// <summary>Returns true when the address was introduced for <paramref name="service"/>.</summary>
        public bool IsFor(ServiceId service) => _service?.Contains(service) == true;

        private readonly ServiceSet? _service = service;
    }
}
