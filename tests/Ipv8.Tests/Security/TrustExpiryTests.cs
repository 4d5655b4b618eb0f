using Ipv8.Communities;
using Ipv8.Tests.Communities;

namespace Ipv8.Tests.Security;

/// <summary>
/// Proofs and challenges age out on the virtual clock: a proven address that does not prove itself again within
/// <see cref="PeerTrustOptions.ProvenAddressLifetime"/> is challenged again, and challenged requests that get no proof
/// within <see cref="PeerTrustOptions.ChallengeTimeout"/> are forgotten; both are counted in <see cref="TrustCounter"/>.
/// </summary>
public class TrustExpiryTests
{
    private static readonly TimeSpan Lifetime = new PeerTrustOptions().ProvenAddressLifetime;

    [Test]
    public void ProvenAddressLifetime_Default_IsTenMinutesAndMustBePositive()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Lifetime, Is.EqualTo(TimeSpan.FromMinutes(10)));
            Assert.That(() => new PeerTrustOptions { ProvenAddressLifetime = TimeSpan.Zero }.ThrowIfInvalid(), Throws.TypeOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public async Task IsProven_AfterLifetimeWithoutNewProof_ExpiresAndIsChallengedAgain()
    {
        var (bed, full, other) = await ProveNonPeerAsync(30);
        bed.Clock.Advance(Lifetime - TimeSpan.FromSeconds(1));
        Assert.That(full.IsProven(other.Endpoint.LocalAddress, other.MyPeer.PublicKey), Is.True, "still proven just before the lifetime ends");

        bed.Clock.Advance(TimeSpan.FromSeconds(2));
        var proven = full.IsProven(other.Endpoint.LocalAddress, other.MyPeer.PublicKey);
        var challenges = full.Trust[TrustCounter.ChallengesSent];
        other.WalkTo(full.Endpoint.LocalAddress);
        bed.Advance(2);
        Assert.Multiple(() =>
        {
            Assert.That(proven, Is.False, "the stale proof aged out");
            Assert.That(full.Trust[TrustCounter.ProvenExpired], Is.EqualTo(1));
            Assert.That(full.Trust.Snapshot()["proven_expired"], Is.EqualTo(1));
            Assert.That(full.Trust[TrustCounter.ChallengesSent], Is.EqualTo(challenges + 1), "the stale address is challenged before it is answered");
        });
    }

    [Test]
    public async Task IsProven_ProvedAgainBeforeLifetime_IsRefreshedAndAnsweredWithoutChallenge()
    {
        var (bed, full, other) = await ProveNonPeerAsync(31);
        bed.Clock.Advance(Lifetime - TimeSpan.FromMinutes(1));
        full.WalkTo(other.Endpoint.LocalAddress);
        bed.Advance(2);

        // Past the first proof's lifetime, within the refreshed one.
        bed.Clock.Advance(TimeSpan.FromMinutes(5));
        var challenges = full.Trust[TrustCounter.ChallengesSent];
        var answers = full.Trust[TrustCounter.FullAnswers];
        other.WalkTo(full.Endpoint.LocalAddress);
        bed.Advance(2);
        Assert.Multiple(() =>
        {
            Assert.That(full.IsProven(other.Endpoint.LocalAddress, other.MyPeer.PublicKey), Is.True);
            Assert.That(full.Trust[TrustCounter.ProvenExpired], Is.Zero);
            Assert.That(full.Trust[TrustCounter.ChallengesSent], Is.EqualTo(challenges), "a freshly proven address is not challenged");
            Assert.That(full.Trust[TrustCounter.FullAnswers], Is.EqualTo(answers + 1), "it is answered at the while-full rate");
        });
    }

    [Test]
    public async Task PendingChallengeCount_NoProofWithinTimeout_ForgetsAndCountsExpired()
    {
        var bed = new SimulatedBed(32);
        var peer = await bed.AddAsync(1);
        var victim = bed.Network.CreateEndpoint();
        await victim.OpenAsync();
        peer.OnDatagram(victim.Address, Attack.IntroductionRequest(peer.Prefix, TestOverlay.CreateKey(999), peer.Endpoint.LocalAddress, victim.Address, 7));
        bed.Advance();
        var waiting = peer.PendingChallengeCount;
        bed.Clock.Advance(new PeerTrustOptions().ChallengeTimeout + TimeSpan.FromSeconds(1));
        Assert.Multiple(() =>
        {
            Assert.That(waiting, Is.EqualTo(1));
            Assert.That(peer.Trust[TrustCounter.PendingExpired], Is.Zero, "nothing expired before the timeout");
            Assert.That(peer.PendingChallengeCount, Is.Zero);
            Assert.That(peer.Trust[TrustCounter.PendingExpired], Is.EqualTo(1));
            Assert.That(peer.Trust.Snapshot()["pending_expired"], Is.EqualTo(1));
        });
    }

    [Test]
    public async Task IntroductionRequest_RepeatedAfterChallengeExpired_CountsExpiredAndChallengesAgain()
    {
        var bed = new SimulatedBed(33);
        var peer = await bed.AddAsync(1);
        var victim = bed.Network.CreateEndpoint();
        await victim.OpenAsync();
        var key = TestOverlay.CreateKey(999);
        peer.OnDatagram(victim.Address, Attack.IntroductionRequest(peer.Prefix, key, peer.Endpoint.LocalAddress, victim.Address, 7));
        bed.Advance();
        bed.Clock.Advance(new PeerTrustOptions().ChallengeTimeout + TimeSpan.FromSeconds(1));
        peer.OnDatagram(victim.Address, Attack.IntroductionRequest(peer.Prefix, key, peer.Endpoint.LocalAddress, victim.Address, 8));
        bed.Advance();
        Assert.Multiple(() =>
        {
            Assert.That(peer.Trust[TrustCounter.PendingExpired], Is.EqualTo(1));
            Assert.That(peer.Trust[TrustCounter.ChallengesSent], Is.EqualTo(2));
            Assert.That(peer.PendingChallengeCount, Is.EqualTo(1), "the new challenge waits");
        });
    }

    [Test]
    public async Task PendingChallenge_AnsweredInTime_IsNotCountedExpired()
    {
        var bed = new SimulatedBed(34);
        var a = await bed.AddAsync(1);
        var b = await bed.AddAsync(2);
        a.WalkTo(b.Endpoint.LocalAddress);
        bed.Advance(2);
        bed.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Multiple(() =>
        {
            Assert.That(b.Trust[TrustCounter.ChallengesSent], Is.EqualTo(1));
            Assert.That(b.PendingChallengeCount, Is.Zero);
            Assert.That(b.Trust[TrustCounter.PendingExpired], Is.Zero);
            Assert.That(a.Trust[TrustCounter.PendingExpired], Is.Zero);
        });
    }

    /// <summary>
    /// A full peer (max 0 peers) walks to another: the answer proves the other at the full peer, which cannot admit it, so
    /// the proof lives only in the proven table.
    /// </summary>
    private static async Task<(SimulatedBed Bed, TestOverlay Full, TestOverlay Other)> ProveNonPeerAsync(int seed)
    {
        var bed = new SimulatedBed(seed);
        var full = await bed.AddAsync(1, maxPeers: 0);
        var other = await bed.AddAsync(2);
        full.WalkTo(other.Endpoint.LocalAddress);
        bed.Advance(2);
        Assert.Multiple(() =>
        {
            Assert.That(full.IsProven(other.Endpoint.LocalAddress, other.MyPeer.PublicKey), Is.True, "the walk's answer proved the other peer");
            Assert.That(full.PeerCount, Is.Zero, "the full peer did not admit it");
            Assert.That(full.Trust[TrustCounter.ProvenExpired], Is.Zero);
        });
        return (bed, full, other);
    }
}
