using System.Net;
using Ipv8.Bootstrapping;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;
using Ipv8.Tests.Messaging;
using Ipv8.Tracker;

namespace Ipv8.Tests.Tracker;

[TestFixture]
public sealed class TrackerUdpTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [TestCase(false)]
    [TestCase(true)]
    public async Task TrackerHost_OnLoopback_TwoPeersFindEachOther(bool byDnsName)
    {
        var keys = new KeyFactory();
        using var cancel = new CancellationTokenSource(Deadline);
        var started = new TaskCompletionSource<TrackerService>(TaskCreationOptions.RunContinuationsAsynchronously);
        var host = new TrackerHost(keys);
        var run = host.RunAsync(new TrackerHostOptions { ListenAddress = IPAddress.Loopback, ListenPort = 0 }, t => started.SetResult(t), cancel.Token);
        var tracker = await started.Task.WaitAsync(cancel.Token);
        var trackerAddress = tracker.Endpoint.LocalAddress;
        var options = byDnsName
            ? new DispersyBootstrapperOptions { DnsAddresses = [new DnsAddress("localhost", trackerAddress.Port)] }
            : new DispersyBootstrapperOptions { IpAddresses = [trackerAddress] };
        await using var endpointA = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback());
        await using var endpointB = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback());
        await endpointA.OpenAsync();
        await endpointB.OpenAsync();
        var a = TestOverlays.Create(endpointA, keys, TimeProvider.System, 1, new DispersyBootstrapper(options));
        var b = TestOverlays.Create(endpointB, keys, TimeProvider.System, 2, new DispersyBootstrapper(options));

        while (!(TestOverlays.Knows(a, b) && TestOverlays.Knows(b, a)) && !cancel.IsCancellationRequested)
        {
            TestOverlays.Step(a);
            TestOverlays.Step(b);
            await Task.Delay(100, CancellationToken.None);
        }

        Assert.Multiple(() =>
        {
            Assert.That(TestOverlays.Knows(a, b) && TestOverlays.Knows(b, a), Is.True);
            Assert.That(a.Network.IsBlacklisted(trackerAddress) && b.Network.IsBlacklisted(trackerAddress), Is.True);
            Assert.That(tracker.Counters[TrackerCounter.AddressesProven], Is.EqualTo(2));
        });
        await a.DisposeAsync();
        await b.DisposeAsync();
        await cancel.CancelAsync();
        await run;
        Assert.That(tracker.Endpoint.IsOpen, Is.False);
    }

    [Test]
    public async Task TrackerService_PyIpv8OldIntroductionRequest_AnswersWithVerifiable245AfterProof()
    {
        var keys = new KeyFactory();
        var network = new Simulation.SimulatedNetwork(new Simulation.SimulatedNetworkOptions { Seed = 1 });
        var trackerEndpoint = network.CreateEndpoint();
        var clientEndpoint = network.CreateEndpoint();
        await trackerEndpoint.OpenAsync();
        await clientEndpoint.OpenAsync();
        var tracker = new TrackerService(new TrackerOptions { RandomSeed = 3 }, trackerEndpoint, keys, network.Clock);
        tracker.Start();
        var vector = InteropVectors.Packet("introduction-request/old");
        var packet = InteropVectors.PacketBytes(vector);
        var keyA = keys.ParsePrivateKey(InteropVectors.Hex(InteropVectors.Key("A").GetProperty("private_key_bin_hex")));
        var client = new RawClient(clientEndpoint, keyA, keys);
        clientEndpoint.AddListener(client);

        clientEndpoint.Send(trackerEndpoint.Address, packet);
        network.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.That(client.PingsAnswered, Is.EqualTo(1), "the tracker first proves the requester's address");
        Assert.That(client.Responses, Has.Count.EqualTo(1));
        var response = client.Responses[0];
        Assert.That(SignedMessage.TryParse(response, true, keys.TryParsePublicKey, out var message, out _), Is.True);
        Assert.That(message.TryReadPayload<IntroductionResponsePayload>(out var payload, out _), Is.True);
        var verified = message.Verify();
        var signatureLength = message.PublicKey.SignatureLength;
        Assert.Multiple(() =>
        {
            Assert.That(verified, Is.True, "sect163k1 signature verifies");
            Assert.That(signatureLength, Is.EqualTo(42));
            Assert.That(response.AsSpan(0, CommunityPrefix.Length).SequenceEqual(packet.AsSpan(0, CommunityPrefix.Length)), Is.True, "same prefix");
            Assert.That(payload.DestinationAddress, Is.EqualTo(clientEndpoint.Address));
            Assert.That(payload.Identifier, Is.EqualTo(42), "identifier copied from the request (global time 42)");
            Assert.That(payload.SupportsNewStyle, Is.True);
            Assert.That(payload.IntroSupportsNewStyle || payload.PeerLimitReached, Is.False);
            Assert.That(response, Has.Length.EqualTo(174));
        });
        await tracker.DisposeAsync();
    }
}
