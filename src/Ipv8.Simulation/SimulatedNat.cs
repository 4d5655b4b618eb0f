using Ipv8.Messaging;

namespace Ipv8.Simulation;

/// <summary>
/// A NAT of a <see cref="SimulatedNetwork"/>: one public IPv4 address in front of a private /24. Mappings are
/// created by outbound datagrams (one per internal address, or one per internal address and destination for
/// <see cref="NatType.Symmetric"/>); inbound datagrams are filtered per <see cref="Type"/>. Mappings and
/// permissions expire after <see cref="SimulatedNetworkOptions.NatMappingTimeout"/> without traffic (a mapping
/// is refreshed by traffic both ways, a permission by outbound traffic to that remote).
/// </summary>
/// <remarks>Created by <see cref="SimulatedNetwork.CreateNat"/>. Not thread-safe (the simulation is single-threaded).</remarks>
public sealed class SimulatedNat
{
    private const int FirstPort = 1024;

    private readonly Dictionary<MappingKey, Mapping> _byInternal = [];
    private readonly Dictionary<ushort, Mapping> _byPort = [];
    private readonly VirtualClock _clock;
    private readonly long _timeoutTicks;
    private readonly uint _subnet;
    private int _nextPort = FirstPort;
    private int _nextHost = 1;

    internal SimulatedNat(VirtualClock clock, NatType type, uint publicIp, uint subnet, TimeSpan timeout)
    {
        _clock = clock;
        Type = type;
        PublicAddress = UdpAddress.FromIPv4(publicIp, 0);
        _subnet = subnet;
        _timeoutTicks = timeout == Timeout.InfiniteTimeSpan ? 0 : timeout.Ticks;
    }

    /// <summary>Gets the NAT's behaviour.</summary>
    public NatType Type { get; }

    /// <summary>Gets the NAT's public IP (port 0); every host behind it appears from this IP.</summary>
    public UdpAddress PublicAddress { get; }

    /// <summary>Gets the number of mappings held (live or expired but not yet reclaimed).</summary>
    public int MappingCount => _byPort.Count;

    /// <summary>
    /// Gets the public address that datagrams from <paramref name="internalAddress"/> to
    /// <paramref name="destination"/> currently leave from, if a live mapping exists (the destination only
    /// matters for <see cref="NatType.Symmetric"/>).
    /// </summary>
    public bool TryGetMapping(UdpAddress internalAddress, UdpAddress destination, out UdpAddress external)
    {
        if (_byInternal.TryGetValue(Key(internalAddress, destination), out var mapping) && !Expired(mapping.LastActivity, _clock.NowTicks))
        {
            external = PublicAddress.WithPort(mapping.Port);
            return true;
        }

        external = default;
        return false;
    }

    /// <summary>Gets whether <paramref name="address"/> lies in this NAT's private /24.</summary>
    internal bool ContainsPrivate(UdpAddress address) => address.IsIPv4 && (address.IPv4Value & 0xFFFF_FF00u) == _subnet;

    /// <summary>Hands out the next private host address (.1 to .254).</summary>
    internal uint AllocateHostIp()
        => _nextHost <= 254 ? _subnet + (uint)_nextHost++ : throw new InvalidOperationException("A simulated NAT holds at most 254 hosts.");

    /// <summary>Translates an outbound datagram's source, creating or refreshing the mapping and the destination's permission.</summary>
    internal bool TryTranslateOutbound(UdpAddress source, UdpAddress destination, long now, out UdpAddress external)
    {
        var key = Key(source, destination);
        if (!_byInternal.TryGetValue(key, out var mapping) || Expired(mapping.LastActivity, now))
        {
            if (mapping is not null)
            {
                _byInternal.Remove(key);
                _byPort.Remove(mapping.Port);
            }

            if (!TryAllocatePort(now, out var port))
            {
                external = default;
                return false;
            }

            mapping = new Mapping(key, port);
            _byInternal.Add(key, mapping);
            _byPort.Add(port, mapping);
        }

        mapping.LastActivity = now;
        if (Type != NatType.FullCone)
        {
            mapping.Permit(Type == NatType.AddressRestricted ? destination.WithPort(0) : destination, now, _timeoutTicks);
        }

        external = PublicAddress.WithPort(mapping.Port);
        return true;
    }

    /// <summary>Filters an inbound datagram to <paramref name="port"/> from <paramref name="source"/> and finds the internal host.</summary>
    internal SimulatedDropReason? TryTranslateInbound(UdpAddress source, ushort port, long now, out UdpAddress internalAddress)
    {
        internalAddress = default;
        if (!_byPort.TryGetValue(port, out var mapping) || Expired(mapping.LastActivity, now))
        {
            return SimulatedDropReason.NatNoMapping;
        }

        if (Type != NatType.FullCone)
        {
            var remote = Type == NatType.AddressRestricted ? source.WithPort(0) : source;
            if (!mapping.Permissions.TryGetValue(remote, out var since) || Expired(since, now))
            {
                return SimulatedDropReason.NatFiltered;
            }
        }

        mapping.LastActivity = now;
        internalAddress = mapping.Internal;
        return null;
    }

    private MappingKey Key(UdpAddress source, UdpAddress destination)
        => new(source, Type == NatType.Symmetric ? destination : default);

    private bool Expired(long since, long now) => _timeoutTicks > 0 && now - since > _timeoutTicks;

    private bool TryAllocatePort(long now, out ushort port)
    {
        for (var tries = 0; tries <= ushort.MaxValue - FirstPort; tries++)
        {
            var candidate = (ushort)_nextPort;
            _nextPort = _nextPort == ushort.MaxValue ? FirstPort : _nextPort + 1;
            if (!_byPort.TryGetValue(candidate, out var old))
            {
                port = candidate;
                return true;
            }

            if (Expired(old.LastActivity, now))
            {
                _byPort.Remove(candidate);
                _byInternal.Remove(old.Key);
                port = candidate;
                return true;
            }
        }

        port = 0;
        return false;
    }

    private readonly record struct MappingKey(UdpAddress Internal, UdpAddress Remote);

    private sealed class Mapping(MappingKey key, ushort port)
    {
        private int _sweepAt = 64;

        public MappingKey Key { get; } = key;

        public UdpAddress Internal => Key.Internal;

        public ushort Port { get; } = port;

        public long LastActivity { get; set; }

        public Dictionary<UdpAddress, long> Permissions { get; } = [];

        public void Permit(UdpAddress remote, long now, long timeoutTicks)
        {
            Permissions[remote] = now;
            if (Permissions.Count < _sweepAt || timeoutTicks == 0)
            {
                return;
            }

            // Bounded: expired permissions are dropped whenever the table doubles.
            foreach (var (key, since) in Permissions)
            {
                if (now - since > timeoutTicks)
                {
                    Permissions.Remove(key);
                }
            }

            _sweepAt = Math.Max(64, Permissions.Count * 2);
        }
    }
}
