using Ipv8.Communities;
using Ipv8.Messaging;
using Ipv8.Peers;
using Ipv8.Tests.Communities;

namespace Ipv8.Tests.Security;

/// <summary>The expiry bookkeeping of the proven and pending tables on their own: expired entries make room before live ones, and each is counted once.</summary>
public class TrustTableExpiryTests
{
    private static readonly long Minute = TimeSpan.FromMinutes(1).Ticks;

    [Test]
    public void Prove_FullWithOneExpiredPair_ForgetsTheExpiredOneNotALiveOne()
    {
        var counters = new CounterSet<TrustCounter>();
        var table = new ProvenAddresses(2, TimeSpan.FromMinutes(10), counters);
        var key = TestOverlay.CreateKey(1).PublicKey;
        table.Prove(Address(1), key, 0);
        table.Prove(Address(2), key, 5 * Minute);
        var evicted = table.Prove(Address(3), key, 11 * Minute);
        Assert.Multiple(() =>
        {
            Assert.That(evicted, Is.False, "no live pair had to go");
            Assert.That(counters[TrustCounter.ProvenExpired], Is.EqualTo(1));
            Assert.That(table.IsProven(Address(2), key, 11 * Minute), Is.True);
            Assert.That(table.IsProven(Address(3), key, 11 * Minute), Is.True);
            Assert.That(table.Contains(Address(1), 11 * Minute), Is.False);
            Assert.That(counters[TrustCounter.ProvenExpired], Is.EqualTo(1), "a forgotten pair is not counted twice");
        });
    }

    [Test]
    public void IsProven_ProvedAgain_LifetimeRestartsFromTheNewProof()
    {
        var counters = new CounterSet<TrustCounter>();
        var table = new ProvenAddresses(4, TimeSpan.FromMinutes(10), counters);
        var key = TestOverlay.CreateKey(1).PublicKey;
        table.Prove(Address(1), key, 0);
        table.Prove(Address(1), key, 9 * Minute);
        Assert.Multiple(() =>
        {
            Assert.That(table.IsProven(Address(1), key, 19 * Minute), Is.True);
            Assert.That(table.IsProven(Address(1), key, (19 * Minute) + 1), Is.False);
            Assert.That(counters[TrustCounter.ProvenExpired], Is.EqualTo(1));
            Assert.That(table.Count, Is.Zero);
        });
    }

    [Test]
    public void Add_FullWithExpiredEntries_PurgesAndCountsThemWithoutReportingFull()
    {
        var counters = new CounterSet<TrustCounter>();
        var lifetime = TimeSpan.FromSeconds(10);
        var table = new PendingChallenges(2, lifetime, counters);
        Add(table, 1, 0);
        Add(table, 2, 0);
        var full = Add(table, 3, lifetime.Ticks + 1);
        Assert.Multiple(() =>
        {
            Assert.That(full, Is.False);
            Assert.That(counters[TrustCounter.PendingExpired], Is.EqualTo(2));
            Assert.That(table.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public void Add_FullOfLiveEntries_ForgetsOldestWithoutCountingExpired()
    {
        var counters = new CounterSet<TrustCounter>();
        var table = new PendingChallenges(2, TimeSpan.FromSeconds(10), counters);
        Add(table, 1, 0);
        Add(table, 2, 1);
        var full = Add(table, 3, 2);
        Assert.Multiple(() =>
        {
            Assert.That(full, Is.True);
            Assert.That(counters[TrustCounter.PendingExpired], Is.Zero);
            Assert.That(table.IsWaiting(Address(1), 2), Is.False);
            Assert.That(table.IsWaiting(Address(3), 2), Is.True);
        });
    }

    [Test]
    public void TryTake_Expired_ReturnsFalseAndCountsOnce()
    {
        var counters = new CounterSet<TrustCounter>();
        var lifetime = TimeSpan.FromSeconds(10);
        var table = new PendingChallenges(4, lifetime, counters);
        Add(table, 1, 0);
        var taken = table.TryTake(Address(1), lifetime.Ticks + 1, out _);
        var again = table.TryTake(Address(1), lifetime.Ticks + 2, out _);
        Assert.Multiple(() =>
        {
            Assert.That(taken || again, Is.False);
            Assert.That(counters[TrustCounter.PendingExpired], Is.EqualTo(1));
        });
    }

    [Test]
    public void TryTake_Live_IsNotCountedExpired()
    {
        var counters = new CounterSet<TrustCounter>();
        var lifetime = TimeSpan.FromSeconds(10);
        var table = new PendingChallenges(4, lifetime, counters);
        Add(table, 1, 0);
        Assert.Multiple(() =>
        {
            Assert.That(table.TryTake(Address(1), lifetime.Ticks, out _), Is.True);
            Assert.That(table.Prune(lifetime.Ticks * 5), Is.False);
            Assert.That(counters[TrustCounter.PendingExpired], Is.Zero);
        });
    }

    private static UdpAddress Address(int host) => UdpAddress.Parse($"192.0.2.{host}:8090");

    private static bool Add(PendingChallenges table, int host, long now)
    {
        var requester = new Peer(TestOverlay.CreateKey(host).PublicKey, Address(host), DateTimeOffset.UnixEpoch);
        var request = new IntroductionRequestInfo(Address(100), Address(host), Address(host), (ushort)host, false, default);
        table.Add(Address(host), requester, in request, legacy: false, now, out var full);
        return full;
    }
}
