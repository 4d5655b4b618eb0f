using System.Net;
using System.Net.Sockets;
using Ipv8.Bootstrapping;
using Ipv8.Communities;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Simulation;
using Ipv8.Tests.Tracker;

namespace Ipv8.Tests.Bootstrapping;

[TestFixture]
public sealed class UdpBroadcastBootstrapperTests
{
    private static readonly UdpAddress SimulatedBroadcast = UdpAddress.Parse("203.0.113.255", 0);

    [Test]
    public async Task Bootstrap_SimulatedBroadcast_TwoPeersFindEachOther()
    {
        var options = new UdpBroadcastBootstrapperOptions { BroadcastAddress = SimulatedBroadcast.ToIPAddress(), BeaconPorts = new PortRange(9000, 9001) };
        await using var swarm = await SimulatedSwarm.CreateBuilder(2)
            .WithNetwork(o => o with { BroadcastAddress = SimulatedBroadcast })
            .WithCommunityId(TestOverlays.CommunityId)
            .AddPeers(2, p => p
                .Bootstrappers(host => [new UdpBroadcastBootstrapper(options with { SocketFactory = new SimulatedFactory(host) })])
                .Community(s => new Community(s)))
            .BuildAsync();
        var (network, a, b) = (swarm.Network, swarm.Peers[0].Community, swarm.Peers[1].Community);
        var (bootA, bootB) = ((UdpBroadcastBootstrapper)swarm.Peers[0].Bootstrappers[0], (UdpBroadcastBootstrapper)swarm.Peers[1].Bootstrappers[0]);

        for (var i = 0; i < 10 && !(TestOverlays.Knows(a, b) && TestOverlays.Knows(b, a)); i++)
        {
            TestOverlays.Step(a);
            TestOverlays.Step(b);
            network.Clock.Advance(TimeSpan.FromMilliseconds(500));
        }

        Assert.Multiple(() =>
        {
            Assert.That(TestOverlays.Knows(a, b) && TestOverlays.Knows(b, a), Is.True);
            Assert.That(bootA.LocalAddress.Port, Is.EqualTo(9000));
            Assert.That(bootA.ProbesAnswered + bootB.ProbesAnswered, Is.GreaterThan(0));
            Assert.That(bootA.Forwarded + bootB.Forwarded, Is.GreaterThan(0));
        });
        await a.DisposeAsync();
        await b.DisposeAsync();
        Assert.That(bootA.LocalAddress, Is.EqualTo(UdpAddress.Zero), "unload closes the broadcast socket");
    }

    [Test]
    public async Task OnDatagram_ProbeForAnotherCommunityOrGarbage_DroppedAndCounted()
    {
        await using var swarm = await SimulatedSwarm.CreateBuilder(2)
            .WithNetwork(o => o with { BroadcastAddress = SimulatedBroadcast })
            .WithCommunityId(TestOverlays.CommunityId)
            .AddPeer(p => p
                .Bootstrappers(host => [new UdpBroadcastBootstrapper(new UdpBroadcastBootstrapperOptions
                {
                    BroadcastAddress = SimulatedBroadcast.ToIPAddress(),
                    BeaconPorts = new PortRange(9000, 9000),
                    SocketFactory = new SimulatedFactory(host),
                })])
                .Community(s => new Community(s)))
            .BuildAsync();
        var community = swarm.Peers[0].Community;
        var boot = (UdpBroadcastBootstrapper)swarm.Peers[0].Bootstrappers[0];
        Assert.That(await boot.InitializeAsync(community, CancellationToken.None), Is.True);
        var other = new byte[29];
        other[2] = 0x49;
        other[3] = 0x50;
        other[4] = 0x76;
        other[5] = 0x38;
        other[8] = 7;

        boot.OnDatagram(UdpAddress.Parse("198.51.100.7", 5000), other);
        boot.OnDatagram(UdpAddress.Parse("198.51.100.7", 5000), [1, 2, 3]);

        Assert.Multiple(() =>
        {
            Assert.That(boot.Drops[DropReason.UnknownPrefix], Is.EqualTo(2));
            Assert.That(boot.ProbesAnswered, Is.Zero);
        });
        await community.DisposeAsync();
    }

    [Test]
    public async Task Bootstrap_RealLoopbackBroadcast_TwoPeersFindEachOther()
    {
        var keys = new KeyFactory();
        int first;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            first = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        var options = new UdpBroadcastBootstrapperOptions
        {
            BroadcastAddress = IPAddress.Parse("127.255.255.255"),
            BeaconPorts = new PortRange(first, Math.Min(first + 9, 65_535)),
            LocalAddress = IPAddress.Any,
            SourceFilter = source => source.IsIPv4 && (source.IPv4Value >> 24) == 127,
        };
        await using var endpointA = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback());
        await using var endpointB = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback());
        await endpointA.OpenAsync();
        await endpointB.OpenAsync();
        var bootA = new UdpBroadcastBootstrapper(options);
        var bootB = new UdpBroadcastBootstrapper(options);
        var a = TestOverlays.Create(endpointA, keys, TimeProvider.System, 1, bootA);
        var b = TestOverlays.Create(endpointB, keys, TimeProvider.System, 2, bootB);
        Assert.That(await bootA.InitializeAsync(a, CancellationToken.None), Is.True);
        Assert.That(await bootB.InitializeAsync(b, CancellationToken.None), Is.True);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));

        while (!(TestOverlays.Knows(a, b) && TestOverlays.Knows(b, a)) && !deadline.IsCancellationRequested)
        {
            bootA.KeepAlive(a);
            bootB.KeepAlive(b);
            await Task.Delay(100, CancellationToken.None);
        }

        Assert.Multiple(() =>
        {
            Assert.That(TestOverlays.Knows(a, b) && TestOverlays.Knows(b, a), Is.True);
            Assert.That(options.BeaconPorts.Contains(bootA.LocalAddress.Port) && options.BeaconPorts.Contains(bootB.LocalAddress.Port), Is.True);
        });
        await a.DisposeAsync();
        await b.DisposeAsync();
        Assert.That(bootA.LocalAddress, Is.EqualTo(UdpAddress.Zero));
    }

    private sealed class SimulatedFactory(SimulatedEndpoint host) : IBroadcastSocketFactory
    {
        public async ValueTask<IEndpoint> OpenAsync(UdpAddress bindAddress, bool reuseAddress, CancellationToken cancellationToken)
        {
            var endpoint = host.Network.CreateEndpoint(new SimulatedHostOptions { SameHostAs = host, Port = bindAddress.Port });
            await endpoint.OpenAsync(cancellationToken);
            return endpoint;
        }
    }
}
