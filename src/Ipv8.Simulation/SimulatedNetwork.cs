using System.Buffers;
using Ipv8.Messaging;

namespace Ipv8.Simulation;

/// <summary>
/// A deterministic simulated IPv4 UDP network: hosts (<see cref="SimulatedEndpoint"/>), optional NATs in front
/// of them, random latency and loss drawn from one seeded source, all driven by a <see cref="VirtualClock"/>.
/// </summary>
/// <remarks>
/// <para>Determinism: the same seed, options and sequence of calls give the same run; deliveries due at the
/// same virtual instant run in the order they were sent.</para>
/// <para>Threading: single-threaded. Create endpoints, send and advance the clock from one thread; every
/// delivery runs synchronously inside <see cref="VirtualClock.Advance"/>.</para>
/// <para>Addresses are generated from integers: public hosts and NATs get consecutive addresses from
/// <see cref="SimulatedNetworkOptions.PublicAddressBase"/>, hosts behind NAT n get <c>.1</c>-<c>.254</c> of the
/// n-th /24 of <see cref="SimulatedNetworkOptions.PrivateAddressBase"/>. A private address is reachable only
/// from behind the same NAT.</para>
/// <para>Cost: a sent datagram is copied into a buffer from a pool owned by the network and scheduled on the
/// clock's binary heap; nothing else is allocated per datagram in steady state.</para>
/// </remarks>
public sealed partial class SimulatedNetwork
{
    private const ushort FirstSharedPort = 49_152;

    private readonly Random _random;
    private readonly Dictionary<UdpAddress, SimulatedEndpoint> _endpoints = [];
    private readonly Dictionary<uint, SimulatedNat> _natsByIp = [];
    private readonly Dictionary<ushort, List<SimulatedEndpoint>> _byPort = [];
    private readonly ArrayPool<byte> _buffers = ArrayPool<byte>.Create(EndpointCounters.MaxReceiveSize + 1, 16_384);
    private readonly long _minLatency;
    private readonly long _latencySpan;
    private int _nextPublic;
    private int _natCount;

    /// <summary>Creates an empty network.</summary>
    /// <param name="options">Seed, latency, loss, NAT timeout, address pools, broadcast address.</param>
    /// <param name="clock">The clock driving the network; a new one at <see cref="VirtualClock.DefaultStart"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public SimulatedNetwork(SimulatedNetworkOptions options, VirtualClock? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Clock = clock ?? new VirtualClock();
        _random = new Random(options.Seed);
        _minLatency = options.MinLatency.Ticks;
        _latencySpan = options.MaxLatency.Ticks - options.MinLatency.Ticks;
        _delivery = new DeliveryEvent(this);
    }

    /// <summary>Gets the network's settings.</summary>
    public SimulatedNetworkOptions Options { get; }

    /// <summary>Gets the clock that drives deliveries; advance it to run the network.</summary>
    public VirtualClock Clock { get; }

    /// <summary>Gets the network-wide counters.</summary>
    public SimulatedNetworkCounters Counters { get; } = new();

    /// <summary>Gets the number of endpoints that have not been disposed.</summary>
    public int EndpointCount => _endpoints.Count;

    /// <summary>Creates a NAT with the next public address, behind which hosts can be put (<see cref="SimulatedHostOptions.Nat"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="type"/> is <see cref="NatType.None"/>.</exception>
    /// <exception cref="InvalidOperationException">The public pool or the private /8 is exhausted.</exception>
    public SimulatedNat CreateNat(NatType type)
    {
        if (type == NatType.None || !Enum.IsDefined(type))
        {
            throw new ArgumentException("A NAT needs a NAT type other than None.", nameof(type));
        }

        if (_natCount >= 1 << 16)
        {
            throw new InvalidOperationException("The private address space holds at most 65 536 simulated NATs.");
        }

        var ip = AllocatePublicIp();
        var nat = new SimulatedNat(Clock, type, ip, Options.PrivateAddressBase + ((uint)_natCount++ << 8), Options.NatMappingTimeout);
        _natsByIp.Add(ip, nat);
        return nat;
    }

    /// <summary>Creates a closed endpoint on a fresh public address, or behind a fresh NAT of type <paramref name="natType"/>.</summary>
    public SimulatedEndpoint CreateEndpoint(NatType natType) => CreateEndpoint(new SimulatedHostOptions { NatType = natType });

    /// <summary>Creates a closed endpoint placed as <paramref name="options"/> says (a public host when null).</summary>
    /// <exception cref="InvalidOperationException">An address pool is exhausted or the requested port is taken.</exception>
    /// <exception cref="ArgumentException">The NAT or host given belongs to another network.</exception>
    public SimulatedEndpoint CreateEndpoint(SimulatedHostOptions? options = null)
    {
        options ??= new SimulatedHostOptions();
        SimulatedNat? nat;
        UdpAddress ip;
        var port = options.Port;
        if (options.SameHostAs is { } host)
        {
            if (!ReferenceEquals(host.Network, this))
            {
                throw new ArgumentException("The host belongs to another network.", nameof(options));
            }

            nat = host.Nat;
            ip = host.Address;
            port = port != 0 ? port : FreePortOn(ip);
        }
        else
        {
            nat = options.Nat ?? (options.NatType == NatType.None ? null : CreateNat(options.NatType));
            if (nat is not null && !(_natsByIp.TryGetValue(nat.PublicAddress.IPv4Value, out var known) && ReferenceEquals(known, nat)))
            {
                throw new ArgumentException("The NAT belongs to another network.", nameof(options));
            }

            ip = UdpAddress.FromIPv4(nat is null ? AllocatePublicIp() : nat.AllocateHostIp(), 0);
            port = port != 0 ? port : Options.DefaultPort;
        }

        var address = ip.WithPort(port);
        if (_endpoints.ContainsKey(address))
        {
            throw new InvalidOperationException($"The simulated address {address} is taken.");
        }

        var endpoint = new SimulatedEndpoint(this, address, nat);
        _endpoints.Add(address, endpoint);
        if (!_byPort.TryGetValue(port, out var samePort))
        {
            _byPort[port] = samePort = [];
        }

        samePort.Add(endpoint);
        return endpoint;
    }

    /// <summary>Finds the endpoint bound to <paramref name="address"/> (public or private).</summary>
    public bool TryGetEndpoint(UdpAddress address, out SimulatedEndpoint endpoint)
        => _endpoints.TryGetValue(address, out endpoint!);

    /// <summary>Forgets a disposed endpoint.</summary>
    internal void Remove(SimulatedEndpoint endpoint)
    {
        if (_endpoints.Remove(endpoint.Address) && _byPort.TryGetValue(endpoint.Address.Port, out var samePort))
        {
            samePort.Remove(endpoint);
        }
    }

    private uint AllocatePublicIp()
    {
        if (_nextPublic >= Options.PublicAddressCount)
        {
            throw new InvalidOperationException("The simulated public address pool is exhausted.");
        }

        return Options.PublicAddressBase + (uint)++_nextPublic;
    }

    private ushort FreePortOn(UdpAddress ip)
    {
        for (var port = FirstSharedPort; port < ushort.MaxValue; port++)
        {
            if (!_endpoints.ContainsKey(ip.WithPort(port)))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free simulated port on {ip}.");
    }
}
