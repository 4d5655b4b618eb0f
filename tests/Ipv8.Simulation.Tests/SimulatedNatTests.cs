using Ipv8.Messaging;

namespace Ipv8.Simulation.Tests;

public class SimulatedNatTests
{
    private SimulatedNetwork _network = null!;

    [SetUp]
    public void SetUp() => _network = new SimulatedNetwork(new SimulatedNetworkOptions { Seed = 11 });

    private (SimulatedEndpoint Endpoint, TraceListener Listener) Host(SimulatedHostOptions options)
    {
        var endpoint = _network.CreateEndpoint(options);
        endpoint.OpenAsync().AsTask().Wait();
        var listener = new TraceListener(_network.Clock, endpoint.ToString());
        endpoint.AddListener(listener);
        return (endpoint, listener);
    }

    private (SimulatedEndpoint Endpoint, TraceListener Listener) Host(NatType type = NatType.None) => Host(new SimulatedHostOptions { NatType = type });

    private void Run() => _network.Clock.Advance(TimeSpan.FromSeconds(1));

    /// <summary>The host behind the NAT sends to <paramref name="x"/>; returns the external address x saw.</summary>
    private UdpAddress Punch(SimulatedEndpoint inside, (SimulatedEndpoint Endpoint, TraceListener Listener) x)
    {
        inside.Send(x.Endpoint.Address, [0xAA]);
        Run();
        return x.Listener.Received[^1].Source;
    }

    [TestCase(NatType.FullCone)]
    [TestCase(NatType.AddressRestricted)]
    [TestCase(NatType.PortRestricted)]
    [TestCase(NatType.Symmetric)]
    public void Inbound_Unsolicited_DroppedNoMapping(NatType type)
    {
        var (host, atHost) = Host(type);
        var (outsider, _) = Host();

        outsider.Send(host.Nat!.PublicAddress.WithPort(host.Address.Port), [1]);
        outsider.Send(host.Address, [2]);
        Run();

        Assert.Multiple(() =>
        {
            Assert.That(atHost.Received, Is.Empty);
            Assert.That(_network.Counters[SimulatedDropReason.NatNoMapping], Is.EqualTo(1));
            Assert.That(_network.Counters[SimulatedDropReason.Unreachable], Is.EqualTo(1), "a private address is not reachable from outside");
        });
    }

    [TestCase(NatType.FullCone)]
    [TestCase(NatType.AddressRestricted)]
    [TestCase(NatType.PortRestricted)]
    [TestCase(NatType.Symmetric)]
    public void Inbound_ReplyFromContactedPeer_Delivered(NatType type)
    {
        var (host, atHost) = Host(type);
        var x = Host();

        var external = Punch(host, x);
        x.Endpoint.Send(external, [0xBB]);
        Run();

        Assert.Multiple(() =>
        {
            Assert.That(external.HasSameIp(host.Nat!.PublicAddress), Is.True);
            Assert.That(external, Is.Not.EqualTo(host.Address));
            Assert.That(atHost.Received.Single().Source, Is.EqualTo(x.Endpoint.Address));
            Assert.That(host.Nat!.TryGetMapping(host.Address, x.Endpoint.Address, out var mapped) && mapped == external, Is.True);
        });
    }

    [TestCase(NatType.FullCone, true)]
    [TestCase(NatType.AddressRestricted, false)]
    [TestCase(NatType.PortRestricted, false)]
    [TestCase(NatType.Symmetric, false)]
    public void Inbound_ThirdPartyAfterMapping_OnlyFullConeLetsIn(NatType type, bool expectDelivered)
    {
        var (host, atHost) = Host(type);
        var x = Host();
        var (y, _) = Host();

        var external = Punch(host, x);
        y.Send(external, [0xCC]);
        Run();

        Assert.Multiple(() =>
        {
            Assert.That(atHost.Received.Count, Is.EqualTo(expectDelivered ? 1 : 0));
            Assert.That(_network.Counters[SimulatedDropReason.NatFiltered], Is.EqualTo(expectDelivered ? 0 : 1));
        });
    }

    [TestCase(NatType.AddressRestricted, true)]
    [TestCase(NatType.PortRestricted, false)]
    public void Inbound_SameIpOtherPort_OnlyAddressRestrictedLetsIn(NatType type, bool expectDelivered)
    {
        var (host, atHost) = Host(type);
        var x = Host();
        var xSecondSocket = _network.CreateEndpoint(new SimulatedHostOptions { SameHostAs = x.Endpoint });
        xSecondSocket.OpenAsync().AsTask().Wait();

        var external = Punch(host, x);
        xSecondSocket.Send(external, [0xDD]);
        Run();

        Assert.That(atHost.Received.Count, Is.EqualTo(expectDelivered ? 1 : 0));
    }

    [Test]
    public void Symmetric_NewPortPerDestination_LearnedPortUselessToThirdParty()
    {
        var (host, atHost) = Host(NatType.Symmetric);
        var x = Host();
        var y = Host();

        var seenByX = Punch(host, x);
        var seenByY = Punch(host, y);
        y.Endpoint.Send(seenByX, [0xEE]); // y learned x's view of the host (e.g. from an introduction).
        Run();
        var afterWrongPort = atHost.Received.Count;
        y.Endpoint.Send(seenByY, [0xEF]);
        Run();

        Assert.Multiple(() =>
        {
            Assert.That(seenByX.HasSameIp(seenByY), Is.True);
            Assert.That(seenByX.Port, Is.Not.EqualTo(seenByY.Port));
            Assert.That(afterWrongPort, Is.Zero);
            Assert.That(atHost.Received.Single().Data, Is.EqualTo(new byte[] { 0xEF }));
            Assert.That(_network.Counters[SimulatedDropReason.NatFiltered], Is.EqualTo(1));
        });
    }

    [TestCase(NatType.FullCone)]
    [TestCase(NatType.AddressRestricted)]
    [TestCase(NatType.PortRestricted)]
    public void ConeNats_SamePortForEveryDestination(NatType type)
    {
        var (host, _) = Host(type);
        var x = Host();
        var y = Host();

        Assert.That(Punch(host, x), Is.EqualTo(Punch(host, y)));
    }

    [Test]
    public void Mapping_IdleLongerThanTimeout_Expires()
    {
        var (host, atHost) = Host(NatType.PortRestricted);
        var x = Host();
        var external = Punch(host, x); // sent at 0 s; Punch runs the clock to 1 s.

        _network.Clock.Advance(TimeSpan.FromSeconds(58));
        x.Endpoint.Send(external, [1]); // arrives just after 59 s, within the 60 s timeout: refreshes the mapping.
        _network.Clock.Advance(TimeSpan.FromSeconds(62));
        x.Endpoint.Send(external, [2]); // more than 60 s of silence: gone.
        Run();

        Assert.Multiple(() =>
        {
            Assert.That(atHost.Received.Select(r => r.Data[0]), Is.EqualTo(new byte[] { 1 }));
            Assert.That(_network.Counters[SimulatedDropReason.NatNoMapping], Is.EqualTo(1));
        });
    }

    [Test]
    public void SameNat_HostsShareIpAndTalkOverPrivateAddresses()
    {
        var nat = _network.CreateNat(NatType.PortRestricted);
        var (a, _) = Host(new SimulatedHostOptions { Nat = nat });
        var (b, atB) = Host(new SimulatedHostOptions { Nat = nat });
        var x = Host();

        var externalA = Punch(a, x);
        var externalB = Punch(b, x);
        a.Send(b.Address, [7]);
        Run();

        Assert.Multiple(() =>
        {
            Assert.That(externalA.HasSameIp(externalB), Is.True);
            Assert.That(externalA.Port, Is.Not.EqualTo(externalB.Port));
            Assert.That(atB.Received.Single().Source, Is.EqualTo(a.Address), "LAN traffic is not translated");
        });
    }

    [Test]
    public void PrivateAddressOfOtherNat_Unreachable()
    {
        var (a, _) = Host(NatType.FullCone);
        var (b, atB) = Host(NatType.FullCone);
        var x = Host();
        Punch(b, x); // b has a mapping, but its private address is still unreachable from another LAN.

        a.Send(b.Address, [1]);
        Run();

        Assert.Multiple(() =>
        {
            Assert.That(atB.Received, Is.Empty);
            Assert.That(_network.Counters[SimulatedDropReason.Unreachable], Is.EqualTo(1));
        });
    }

    [Test]
    public void Puncture_BothSidesSend_ConnectionEstablished()
    {
        // Both behind port-restricted NATs: each learns the other's external address (as an introduction
        // gives it), both send; the first packets may be filtered, afterwards both directions work.
        var a = Host(NatType.PortRestricted);
        var b = Host(NatType.PortRestricted);
        var tracker = Host();
        var externalA = Punch(a.Endpoint, tracker);
        var externalB = Punch(b.Endpoint, tracker);

        a.Endpoint.Send(externalB, [1]);
        b.Endpoint.Send(externalA, [2]);
        Run();
        a.Endpoint.Send(externalB, [3]);
        b.Endpoint.Send(externalA, [4]);
        Run();

        Assert.Multiple(() =>
        {
            Assert.That(a.Listener.Received.Select(r => r.Data[0]), Does.Contain((byte)4));
            Assert.That(b.Listener.Received.Select(r => r.Data[0]), Does.Contain((byte)3));
        });
    }
}
