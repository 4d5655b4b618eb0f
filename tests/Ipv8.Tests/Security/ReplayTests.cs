using Ipv8.Communities;
using Ipv8.Messaging;
using Ipv8.Tests.Communities;

namespace Ipv8.Tests.Security;

/// <summary>
/// Issue attack 3: replaying someone's captured signed introduction-request from another address. Under py-ipv8 rules the
/// identity moves to the replayer's address and is handed out there; with the trust rules it does not move.
/// </summary>
public class ReplayTests
{
    [Test]
    public async Task IntroductionRequest_ReplayedFromOtherAddressPyIpv8Rules_MovesIdentityAndIsHandedOut()
    {
        var (peer, honest, witness, replayer) = await ReplayAsync(trust: false);
        var held = peer.Network.GetVerifiedByPublicKeyBin(honest.MyPeer.PublicKey.KeyBin);
        Assert.Multiple(() =>
        {
            Assert.That(held?.Address, Is.EqualTo(replayer), "the identity moved to the replayer");
            Assert.That(witness.Network.IsKnownAddress(replayer), Is.True, "the replayer's address was handed out as the honest peer");
        });
    }

    [Test]
    public async Task IntroductionRequest_ReplayedFromOtherAddress_IdentityStaysAndReplayerIsNeverHandedOut()
    {
        var (peer, honest, witness, replayer) = await ReplayAsync(trust: true);
        var held = peer.Network.GetVerifiedByPublicKeyBin(honest.MyPeer.PublicKey.KeyBin);
        Assert.Multiple(() =>
        {
            Assert.That(held?.Address, Is.EqualTo(honest.Endpoint.LocalAddress), "the identity stays at its proven address");
            Assert.That(peer.Network.GetVerifiedByAddress(replayer), Is.Null);
            Assert.That(witness.Network.IsKnownAddress(replayer), Is.False, "the replayer's address is never handed out");
            Assert.That(witness.Network.IsKnownAddress(honest.Endpoint.LocalAddress) || CommunityWalkTests.Knows(witness, honest), Is.True, "the honest address is handed out");
            Assert.That(peer.Trust[TrustCounter.AddressMovesRefused], Is.Positive);
            Assert.That(peer.IsProven(replayer, honest.MyPeer.PublicKey), Is.False);
        });
    }

    [Test]
    public async Task IntroductionResponse_ReplayedFromOtherAddress_IsDroppedAsUnsolicited()
    {
        var bed = new SimulatedBed(8);
        var a = await bed.AddAsync(1);
        var b = await bed.AddAsync(2);
        a.WalkTo(b.Endpoint.LocalAddress);
        bed.Advance(4);
        var response = bed.Sent.Last(d => d.Source == b.Endpoint.LocalAddress && d.Destination == a.Endpoint.LocalAddress && d.MessageId is 245 or 233);
        var replayer = bed.Network.CreateEndpoint();
        await replayer.OpenAsync();
        replayer.Send(a.Endpoint.LocalAddress, response.Data);
        replayer.Send(a.Endpoint.LocalAddress, response.Data);
        bed.Advance(2);
        Assert.Multiple(() =>
        {
            Assert.That(a.Network.GetVerifiedByPublicKeyBin(b.MyPeer.PublicKey.KeyBin)?.Address, Is.EqualTo(b.Endpoint.LocalAddress));
            Assert.That(a.Drops[DropReason.UnsolicitedResponse], Is.EqualTo(2));
            Assert.That(a.Trust[TrustCounter.UnsolicitedResponses], Is.EqualTo(2));
        });
    }

    private static async Task<(TestOverlay Peer, TestOverlay Honest, TestOverlay Witness, UdpAddress Replayer)> ReplayAsync(bool trust)
    {
        var bed = new SimulatedBed(6);
        var peer = await bed.AddAsync(1, trust: trust);
        var honest = await bed.AddAsync(2, trust: trust);
        var witness = await bed.AddAsync(3, trust: trust);
        honest.WalkTo(peer.Endpoint.LocalAddress);
        bed.Advance(4);
        var captured = bed.Sent.First(d => d.Source == honest.Endpoint.LocalAddress && d.Destination == peer.Endpoint.LocalAddress && d.MessageId is 246 or 234);

        var replayer = bed.Network.CreateEndpoint();
        await replayer.OpenAsync();
        for (var i = 0; i < 3; i++)
        {
            replayer.Send(peer.Endpoint.LocalAddress, captured.Data);
            bed.Advance();
        }

        for (var i = 0; i < 4; i++)
        {
            witness.WalkTo(peer.Endpoint.LocalAddress);
            bed.Advance(2);
        }

        return (peer, honest, witness, replayer.Address);
    }
}
