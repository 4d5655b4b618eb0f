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
            return _allAddresses.ContainsKey(address);
        }
    }

    /// <summary>Returns true when <paramref name="address"/> is known and was introduced by a new-style responder (spec 5.8).</summary>
    public bool IsNewStyleAddress(UdpAddress address)
    {
        lock (SyncRoot)
        {
            return _allAddresses.TryGetValue(address, out var entry) && entry.NewStyle;
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
                if (!_allAddresses.TryGetValue(address, out var entry))
                {
                    AddKnownAddress(address, introducer.PublicKey, service, newStyle);
                    fresh = true;
                }
                else if (entry.Introducer is null || !_byKeySpan.ContainsKey(entry.Introducer.KeyBin))
                {
                    entry.Introducer = introducer.PublicKey;
                    entry.Service = service;
                    entry.NewStyle = newStyle;
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
            foreach (var address in _addressOrder)
            {
                var entry = _allAddresses[address];
                if (oldStyleOnly && entry.NewStyle)
                {
                    continue;
                }

                if (_byAddress.TryGetValue(address, out var user) && (service is not { } used || user.Services?.Contains(used) == true))
                {
                    continue;
                }

                if (service is { } id && entry.Service != id && (entry.Introducer is null || !OffersService(entry.Introducer, id)))
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
            foreach (var address in _addressOrder)
            {
                var recorded = _allAddresses[address].Introducer;
                if (recorded is not null && recorded.KeyBin.SequenceEqual(introducer.PublicKey.KeyBin))
                {
                    result.Add(address);
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
        => (peer.IPv4Address is { } a && _allAddresses.ContainsKey(a))
           || (peer.IPv6Address is { } b && _allAddresses.ContainsKey(b))
           || (peer.LanAddress is { } c && _allAddresses.ContainsKey(c));

    private bool AnyAddressBlacklisted(Peer peer)
        => (peer.IPv4Address is { } a && _blacklist.Contains(a))
           || (peer.IPv6Address is { } b && _blacklist.Contains(b))
           || (peer.LanAddress is { } c && _blacklist.Contains(c));

    private void AddKnownAddress(UdpAddress address, PublicKey? introducer, ServiceId? service, bool newStyle)
    {
        if (_allAddresses.ContainsKey(address))
        {
            return;
        }

        while (_allAddresses.Count >= Options.MaxKnownAddresses && _addressOrder.First is { } oldest)
        {
            RemoveKnownAddress(oldest.Value);
            Interlocked.Increment(ref _evictedAddresses);
        }

        var node = _addressOrder.AddLast(address);
        _allAddresses[address] = new AddressEntry(node) { Introducer = introducer, Service = service, NewStyle = newStyle };
    }

    private void RemoveKnownAddress(UdpAddress address)
    {
        if (_allAddresses.Remove(address, out var entry))
        {
            _addressOrder.Remove(entry.Node);
        }
    }

    private sealed class AddressEntry(LinkedListNode<UdpAddress> node)
    {
        public LinkedListNode<UdpAddress> Node { get; } = node;

        public PublicKey? Introducer { get; set; }

        public ServiceId? Service { get; set; }

        public bool NewStyle { get; set; }
    }
}
