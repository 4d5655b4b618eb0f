using Ipv8.Bootstrapping;
using Ipv8.Discovery;
using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;
using Ipv8.Peers;
using Ipv8.Tests.Messaging;

namespace Ipv8.Tests.Communities;

public class CommunityHandlerTests
{
    [Test]
    public async Task AddSignedHandler_ApplicationMessage_DeliversVerifiedSenderAndPayload()
    {
        var bed = new SimulatedBed();
        var a = await bed.AddAsync(1);
        var b = await bed.AddAsync(2);
        a.WalkTo(b.Endpoint.LocalAddress);
        bed.Advance();
        var received = new List<(Peer Sender, ulong GlobalTime, PingPayload Payload)>();
        b.AddSigned<PingPayload>(20, (sender, time, payload) => received.Add((sender, time, payload)));

        a.Send(b.Endpoint.LocalAddress, 20, new PingPayload(77));
        bed.Advance();

        Assert.That(received, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(received[0].Sender, Is.SameAs(b.Network.GetVerifiedByAddress(a.Endpoint.LocalAddress)), "the verified peer object is used");
            Assert.That(received[0].Payload, Is.EqualTo(new PingPayload(77)));
            Assert.That(received[0].GlobalTime, Is.EqualTo(a.MyPeer.GlobalTime));
        });
    }

    [Test]
    public async Task AddSignedHandler_WithoutGlobalTime_ParsesDataclassStyleMessage()
    {
        var bed = new SimulatedBed();
        var a = await bed.AddAsync(1);
        var b = await bed.AddAsync(2);
        var received = new List<(Peer Sender, ExampleDataclassPayload Payload)>();
        b.AddSigned<ExampleDataclassPayload>(21, (sender, _, payload) => received.Add((sender, payload)), hasGlobalTime: false);
        var sent = new ExampleDataclassPayload(true, -5, 0.5, [1, 2, 3], "hi", [4, 5]);

        a.Send(b.Endpoint.LocalAddress, 21, sent, hasGlobalTime: false);
        bed.Advance();

        Assert.That(received, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(received[0].Sender.PublicKey, Is.EqualTo(a.MyPeer.PublicKey), "an unknown sender becomes a transient peer");
            Assert.That(received[0].Sender.Address, Is.EqualTo(a.Endpoint.LocalAddress));
            Assert.That(received[0].Payload.Text, Is.EqualTo("hi"));
            Assert.That(received[0].Payload.Blob, Is.EqualTo(new byte[] { 1, 2, 3 }));
            Assert.That(b.Network.VerifiedPeerCount, Is.Zero, "application messages do not verify peers by themselves");
        });
    }

    [Test]
    public async Task AddUnsignedHandler_ApplicationMessage_DeliversSourceAndPayload()
    {
        var bed = new SimulatedBed();
        var a = await bed.AddAsync(1);
        var b = await bed.AddAsync(2);
        var received = new List<(UdpAddress Source, PingPayload Payload)>();
        b.AddUnsigned<PingPayload>(22, (source, _, payload) => received.Add((source, payload)));

        a.Send(b.Endpoint.LocalAddress, 22, new PingPayload(9), signed: false);
        a.Send(b.Endpoint.LocalAddress, 22, new IntroductionRequestPayload(default, default, default, true, ConnectionType.Unknown, 1), signed: false);
        bed.Advance();

        Assert.Multiple(() =>
        {
            Assert.That(received, Is.EqualTo(new[] { (a.Endpoint.LocalAddress, new PingPayload(9)) }));
            Assert.That(b.Drops[DropReason.Malformed], Is.EqualTo(1), "a longer body than a ping has leftover bytes");
        });
    }

    [Test]
    public async Task AddSignedHandler_PayloadWithLeftoverBytes_IsCountedMalformed()
    {
        var bed = new SimulatedBed();
        var a = await bed.AddAsync(1);
        var b = await bed.AddAsync(2);
        var calls = 0;
        b.AddSigned<PingPayload>(23, (_, _, _) => calls++);
        a.Send(b.Endpoint.LocalAddress, 23, new SimilarityResponsePayload(1, [new byte[20]], default));
        bed.Advance();
        Assert.Multiple(() =>
        {
            Assert.That(calls, Is.Zero);
            Assert.That(b.Drops[DropReason.Malformed], Is.EqualTo(1));
        });
    }

    [Test]
    public async Task GetNewIntroduction_NoPeers_BootstrapsAndWalksToReturnedAddresses()
    {
        var bed = new SimulatedBed();
        var b = await bed.AddAsync(2);
        var bootstrapper = new FakeBootstrapper([b.Endpoint.LocalAddress]);
        var a = await bed.AddAsync(1, bootstrappers: [bootstrapper]);

        a.GetNewIntroduction();
        bed.Advance();

        Assert.Multiple(() =>
        {
            Assert.That(bootstrapper.Initializations, Is.EqualTo(1));
            Assert.That(bootstrapper.AddressRequests, Is.EqualTo(1));
            Assert.That(CommunityWalkTests.Knows(a, b), Is.True, "A walked to the bootstrap address");
        });
    }

    [Test]
    public async Task GetNewIntroduction_WithPeersAndInitializedBootstrapper_KeepsAliveAboutFivePercent()
    {
        var bed = new SimulatedBed();
        var b = await bed.AddAsync(2);
        var bootstrapper = new FakeBootstrapper([b.Endpoint.LocalAddress]);
        var a = await bed.AddAsync(1, bootstrappers: [bootstrapper]);
        a.GetNewIntroduction();
        bed.Advance();
        var requestsBefore = bed.Sent.Count(d => d.Source == a.Endpoint.LocalAddress);

        for (var i = 0; i < 400; i++)
        {
            a.GetNewIntroduction();
        }

        var requests = bed.Sent.Count(d => d.Source == a.Endpoint.LocalAddress) - requestsBefore;
        Assert.Multiple(() =>
        {
            Assert.That(bootstrapper.KeepAlives + requests, Is.EqualTo(400));
            Assert.That(bootstrapper.KeepAlives, Is.InRange(5, 40));
        });
    }

    [Test]
    public async Task UnloadAsync_WithBootstrapper_UnloadsIt()
    {
        var bed = new SimulatedBed();
        var bootstrapper = new FakeBootstrapper([]);
        var a = await bed.AddAsync(1, bootstrappers: [bootstrapper]);
        await a.UnloadAsync();
        await a.UnloadAsync();
        Assert.That(bootstrapper.Unloads, Is.EqualTo(1));
    }

    private sealed class FakeBootstrapper(IReadOnlyList<UdpAddress> addresses) : IBootstrapper
    {
        public int Initializations { get; private set; }

        public int AddressRequests { get; private set; }

        public int KeepAlives { get; private set; }

        public int Unloads { get; private set; }

        public bool IsInitialized { get; private set; }

        public Task<bool> InitializeAsync(IDiscoveryOverlay overlay, CancellationToken cancellationToken)
        {
            Initializations++;
            IsInitialized = true;
            return Task.FromResult(true);
        }

        public Task<IReadOnlyList<UdpAddress>> GetAddressesAsync(IDiscoveryOverlay overlay, TimeSpan timeout, CancellationToken cancellationToken)
        {
            AddressRequests++;
            return Task.FromResult(addresses);
        }

        public void KeepAlive(IDiscoveryOverlay overlay) => KeepAlives++;

        public IReadOnlyCollection<UdpAddress> Blacklist() => [];

        public ValueTask UnloadAsync()
        {
            Unloads++;
            return ValueTask.CompletedTask;
        }
    }
}
