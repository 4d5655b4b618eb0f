using Ipv8.Messaging;

namespace Ipv8.Simulation.Tests;

public class SimulatedNetworkTests
{
    private static async Task<SimulatedEndpoint> Open(SimulatedNetwork network, SimulatedHostOptions? options = null)
    {
        var endpoint = network.CreateEndpoint(options);
        await endpoint.OpenAsync();
        return endpoint;
    }

    private static List<string> RunScenario(int seed)
    {
        var network = new SimulatedNetwork(new SimulatedNetworkOptions
        {
            Seed = seed,
            MinLatency = TimeSpan.FromMilliseconds(5),
            MaxLatency = TimeSpan.FromMilliseconds(100),
            LossProbability = 0.1,
        });
        var trace = new List<string>();
        var endpoints = new List<SimulatedEndpoint>();
        for (var i = 0; i < 20; i++)
        {
            var endpoint = network.CreateEndpoint(i % 4 == 0 ? NatType.FullCone : NatType.None);
            endpoint.OpenAsync().AsTask().Wait();
            var self = endpoint;
            endpoint.AddListener(new TraceListener(network.Clock, i.ToString(System.Globalization.CultureInfo.InvariantCulture), trace)
            {
                // Echo once: replies interleave with the original traffic.
                OnReceive = (source, data) =>
                {
                    if (data[0] == 0)
                    {
                        self.Send(source, [1, data[1]]);
                    }
                },
            });
            endpoints.Add(endpoint);
        }

        for (var round = 0; round < 5; round++)
        {
            for (var i = 0; i < endpoints.Count; i++)
            {
                var target = endpoints[(i * 7 + round * 3 + 1) % endpoints.Count];
                endpoints[i].Send(target.Address, [0, (byte)i]);
            }

            network.Clock.Advance(TimeSpan.FromMilliseconds(30));
        }

        network.Clock.Advance(TimeSpan.FromSeconds(1));
        return trace;
    }

    [Test]
    public void Run_SameSeed_SameTrace()
    {
        var first = RunScenario(42);
        var second = RunScenario(42);
        var other = RunScenario(43);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.Not.Empty);
            Assert.That(second, Is.EqualTo(first));
            Assert.That(other, Is.Not.EqualTo(first));
        });
    }

    [Test]
    public async Task Send_PublicHosts_DeliveredAfterLatencyWithinBounds()
    {
        var network = new SimulatedNetwork(new SimulatedNetworkOptions
        {
            Seed = 1,
            MinLatency = TimeSpan.FromMilliseconds(30),
            MaxLatency = TimeSpan.FromMilliseconds(60),
        });
        var a = await Open(network);
        var b = await Open(network);
        var atB = new TraceListener(network.Clock, "b");
        b.AddListener(atB);

        for (var i = 0; i < 200; i++)
        {
            a.Send(b.Address, [(byte)i]);
        }

        network.Clock.Advance(TimeSpan.FromMilliseconds(29));
        var early = atB.Received.Count;
        network.Clock.Advance(TimeSpan.FromMilliseconds(31));

        Assert.Multiple(() =>
        {
            Assert.That(early, Is.Zero);
            Assert.That(atB.Received, Has.Count.EqualTo(200));
            Assert.That(atB.Received.Select(r => r.At), Has.All.InRange(TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(60)));
            Assert.That(atB.Received.Select(r => r.At).Distinct().Count(), Is.GreaterThan(10), "latency is drawn, not fixed");
            Assert.That(atB.Received.Select(r => r.Source), Has.All.EqualTo(a.Address));
            Assert.That(network.Counters.Sent, Is.EqualTo(200));
            Assert.That(network.Counters.Delivered, Is.EqualTo(200));
            Assert.That(a.Counters.PacketsOut, Is.EqualTo(200));
            Assert.That(b.Counters.PacketsIn, Is.EqualTo(200));
            Assert.That(network.InFlight, Is.Zero);
        });
    }

    [Test]
    public async Task Send_WithLoss_DropsRoughlyConfiguredShare()
    {
        var network = new SimulatedNetwork(new SimulatedNetworkOptions { Seed = 7, LossProbability = 0.25 });
        var a = await Open(network);
        var b = await Open(network);
        var atB = new TraceListener(network.Clock, "b");
        b.AddListener(atB);

        for (var i = 0; i < 10_000; i++)
        {
            a.Send(b.Address, [1]);
        }

        network.Clock.Advance(TimeSpan.FromSeconds(1));
        var lost = network.Counters[SimulatedDropReason.Lost];

        Assert.Multiple(() =>
        {
            // Binomial(10 000, 0.25): mean 2 500, standard deviation about 43.
            Assert.That(lost, Is.InRange(2_300, 2_700));
            Assert.That(atB.Received, Has.Count.EqualTo(10_000 - lost));
            Assert.That(network.Counters.Delivered + network.Counters.DroppedTotal, Is.EqualTo(network.Counters.Sent));
        });
    }

    [Test]
    public async Task Send_ToClosedOrUnknownHost_CountedNotDelivered()
    {
        var network = new SimulatedNetwork(new SimulatedNetworkOptions());
        var a = await Open(network);
        var b = await Open(network);
        var atB = new TraceListener(network.Clock, "b");
        b.AddListener(atB);

        await b.CloseAsync();
        a.Send(b.Address, [1]);
        a.Send(b.Address.WithPort(1), [2]);
        network.Clock.Advance(TimeSpan.FromSeconds(1));
        var whileStopped = atB.Received.Count;
        await b.OpenAsync();
        a.Send(b.Address, [3]);
        network.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(whileStopped, Is.Zero);
            Assert.That(atB.Received.Single().Data, Is.EqualTo(new byte[] { 3 }));
            Assert.That(network.Counters[SimulatedDropReason.EndpointClosed], Is.EqualTo(1));
            Assert.That(network.Counters[SimulatedDropReason.Unreachable], Is.EqualTo(1));
            Assert.That(b.Send(a.Address, new byte[EndpointCounters.MaxSendSize + 1]), Is.False);
            Assert.That(b.Counters.Drops[DropReason.SendTooLarge], Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Send_ClosedSenderOrIPv6_RefusedAndCounted()
    {
        var network = new SimulatedNetwork(new SimulatedNetworkOptions());
        var a = network.CreateEndpoint();
        var b = await Open(network);

        var closed = a.Send(b.Address, [1]);
        await a.OpenAsync();
        var ipv6 = a.Send(UdpAddress.Parse("[2001:db8::1]:1"), [1]);

        Assert.Multiple(() =>
        {
            Assert.That(closed, Is.False);
            Assert.That(ipv6, Is.False);
            Assert.That(a.Counters.Drops[DropReason.SendFailed], Is.EqualTo(2));
            Assert.That(network.Counters.Sent, Is.Zero);
        });
    }

    [Test]
    public async Task Receive_PrefixListener_RoutedLikeRealEndpoint()
    {
        var network = new SimulatedNetwork(new SimulatedNetworkOptions());
        var a = await Open(network);
        var b = await Open(network);
        byte[] prefix = [0, 2, .. Enumerable.Repeat((byte)0xAB, 20)];
        var community = new TraceListener(network.Clock, "community");
        b.AddPrefixListener(prefix, community);

        a.Send(b.Address, [.. prefix, 246]);
        a.Send(b.Address, [0, 2, .. new byte[20], 246]);
        a.Send(b.Address, [0, 2]);
        network.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(community.Received, Has.Count.EqualTo(1));
            Assert.That(b.Counters.Drops[DropReason.UnknownPrefix], Is.EqualTo(1));
            Assert.That(b.Counters.Drops[DropReason.TooShort], Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Addresses_Generated_UniqueAndStable()
    {
        var network = new SimulatedNetwork(new SimulatedNetworkOptions());
        var a = await Open(network);
        var nat = network.CreateNat(NatType.PortRestricted);
        var b = await Open(network, new SimulatedHostOptions { Nat = nat });
        var c = await Open(network, new SimulatedHostOptions { Nat = nat });
        var second = await Open(network, new SimulatedHostOptions { SameHostAs = a });

        Assert.Multiple(() =>
        {
            Assert.That(a.LocalAddress, Is.EqualTo(a.Address));
            Assert.That(a.Address.Port, Is.EqualTo(8090));
            Assert.That(b.Address.HasSameIp(c.Address), Is.False);
            Assert.That(b.Nat, Is.SameAs(c.Nat));
            Assert.That(second.Address.HasSameIp(a.Address), Is.True);
            Assert.That(second.Address.Port, Is.Not.EqualTo(a.Address.Port));
            Assert.That(nat.PublicAddress.HasSameIp(a.Address), Is.False);
            Assert.That(network.TryGetEndpoint(c.Address, out var found) && ReferenceEquals(found, c), Is.True);
            Assert.That(() => network.CreateEndpoint(new SimulatedHostOptions { SameHostAs = a, Port = 8090 }), Throws.InvalidOperationException);
        });
    }

    [Test]
    public async Task Broadcast_DeliversToEveryEndpointOnThatPort()
    {
        var broadcast = UdpAddress.FromIPv4(uint.MaxValue, 0);
        var network = new SimulatedNetwork(new SimulatedNetworkOptions { BroadcastAddress = broadcast });
        var sender = await Open(network, new SimulatedHostOptions { Port = 5000 });
        var listeners = new List<TraceListener>();
        for (var i = 0; i < 5; i++)
        {
            var endpoint = await Open(network, new SimulatedHostOptions { NatType = i % 2 == 0 ? NatType.None : NatType.Symmetric });
            var listener = new TraceListener(network.Clock, $"r{i}");
            endpoint.AddListener(listener);
            listeners.Add(listener);
        }

        var otherPort = await Open(network, new SimulatedHostOptions { Port = 9999 });
        var atOther = new TraceListener(network.Clock, "other");
        otherPort.AddListener(atOther);

        sender.Send(broadcast.WithPort(8090), [0x49, 0x50]);
        network.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(listeners.Select(l => l.Received.Count), Has.All.EqualTo(1));
            Assert.That(listeners.Select(l => l.Received[0].Source), Has.All.EqualTo(sender.Address));
            Assert.That(atOther.Received, Is.Empty);
            Assert.That(network.Counters.Delivered, Is.EqualTo(5));
        });
    }

    [Test]
    public async Task Send_ThousandEndpoints_AllDelivered()
    {
        var network = new SimulatedNetwork(new SimulatedNetworkOptions { Seed = 3 });
        var endpoints = new SimulatedEndpoint[1_000];
        var received = new int[endpoints.Length];
        for (var i = 0; i < endpoints.Length; i++)
        {
            endpoints[i] = await Open(network, new SimulatedHostOptions { NatType = (NatType)(i % 3 == 0 ? 1 : 0) });
            var index = i;
            endpoints[i].AddListener(new CountingListener(() => received[index]++));
        }

        var random = new Random(5);
        const int perEndpoint = 20;
        for (var round = 0; round < perEndpoint; round++)
        {
            foreach (var endpoint in endpoints)
            {
                // Only public or already mapped full-cone targets: pick public ones (i % 3 != 0).
                int target;
                do
                {
                    target = random.Next(endpoints.Length);
                }
                while (target % 3 == 0);

                endpoint.Send(endpoints[target].Address, new byte[100]);
            }

            network.Clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        network.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(network.Counters.Sent, Is.EqualTo(endpoints.Length * perEndpoint));
            Assert.That(network.Counters.Delivered, Is.EqualTo(endpoints.Length * perEndpoint));
            Assert.That(received.Sum(), Is.EqualTo(endpoints.Length * perEndpoint));
            Assert.That(network.InFlight, Is.Zero);
        });
    }

    private sealed class CountingListener(Action onDatagram) : IDatagramListener
    {
        public void OnDatagram(UdpAddress source, ReadOnlySpan<byte> datagram) => onDatagram();
    }
}
