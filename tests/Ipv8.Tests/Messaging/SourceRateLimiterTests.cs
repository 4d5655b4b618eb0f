using Ipv8.Messaging;
using Ipv8.Simulation;

namespace Ipv8.Tests.Messaging;

[TestFixture]
public sealed class SourceRateLimiterTests
{
    private static readonly UdpAddress A = UdpAddress.Parse("192.0.2.10:8000");
    private static readonly UdpAddress SamePrefix = UdpAddress.Parse("192.0.2.200:9000");
    private static readonly UdpAddress OtherPrefix = UdpAddress.Parse("198.51.100.10:8000");

    private static ReceiveLimitOptions Wide => new()
    {
        AddressRate = 1_000, AddressBurst = 1_000, PrefixRate = 1_000, PrefixBurst = 1_000, GlobalRate = 1_000, GlobalBurst = 1_000,
    };

    [Test]
    public void TryAdmit_AddressBurstExhausted_RefusesWithAddressReasonUntilRefilled()
    {
        var clock = new VirtualClock();
        var limiter = new SourceRateLimiter(Wide with { AddressRate = 10, AddressBurst = 5 }, clock);

        var admitted = Enumerable.Range(0, 8).Count(_ => limiter.TryAdmit(A, 100, trusted: false));
        var refused = limiter.TryAdmit(A, 100, trusted: false, out var reason);
        var other = limiter.TryAdmit(SamePrefix, 100, trusted: false);
        clock.Advance(TimeSpan.FromMilliseconds(250)); // 2.5 tokens
        var afterRefill = Enumerable.Range(0, 5).Count(_ => limiter.TryAdmit(A, 100, trusted: false));

        Assert.Multiple(() =>
        {
            Assert.That(admitted, Is.EqualTo(5));
            Assert.That(refused, Is.False);
            Assert.That(reason, Is.EqualTo(DropReason.RateLimitedAddress));
            Assert.That(other, Is.True, "another address has its own bucket");
            Assert.That(afterRefill, Is.EqualTo(2));
            Assert.That(limiter.Counters[ReceiveLimiterCounter.DroppedAddress], Is.EqualTo(3 + 1 + 3));
            Assert.That(limiter.Counters[ReceiveLimiterCounter.Admitted], Is.EqualTo(5 + 1 + 2));
            Assert.That(limiter.Counters[ReceiveLimiterCounter.DroppedBytes], Is.EqualTo(700));
        });
    }

    [Test]
    public void TryAdmit_ManyAddressesOfOneIPv4Slash24_SharePrefixBucketOtherPrefixUnaffected()
    {
        var clock = new VirtualClock();
        var limiter = new SourceRateLimiter(Wide with { PrefixRate = 1, PrefixBurst = 10 }, clock);

        var admitted = Enumerable.Range(1, 50).Count(i => limiter.TryAdmit(UdpAddress.FromIPv4(0xC000_0200u + (uint)i, (ushort)(1000 + i)), 1, trusted: false));
        limiter.TryAdmit(SamePrefix, 1, trusted: false, out var reason);
        var other = limiter.TryAdmit(OtherPrefix, 1, trusted: false);
        var neighbour = limiter.TryAdmit(UdpAddress.Parse("203.0.113.1:1000"), 1, trusted: false);

        Assert.Multiple(() =>
        {
            Assert.That(admitted, Is.EqualTo(10));
            Assert.That(reason, Is.EqualTo(DropReason.RateLimitedPrefix));
            Assert.That(other, Is.True);
            Assert.That(neighbour, Is.True, "203.0.113.0/24 is another prefix");
            Assert.That(limiter.Counters[ReceiveLimiterCounter.DroppedPrefix], Is.EqualTo(41));
            Assert.That(limiter.PrefixCount, Is.EqualTo(3));
        });
    }

    [Test]
    public void PrefixOf_IPv6_GroupsBySlash56()
    {
        var limiter = new SourceRateLimiter(new ReceiveLimitOptions(), new VirtualClock());
        var a = UdpAddress.Parse("[2001:db8:1:ff00::1]:1");
        var sameSlash56 = UdpAddress.Parse("[2001:db8:1:ffab:1234::9]:2");
        var otherSlash56 = UdpAddress.Parse("[2001:db8:1:fe00::1]:1");

        Assert.Multiple(() =>
        {
            Assert.That(limiter.PrefixOf(a), Is.EqualTo(limiter.PrefixOf(sameSlash56)));
            Assert.That(limiter.PrefixOf(a), Is.Not.EqualTo(limiter.PrefixOf(otherSlash56)));
            Assert.That(limiter.PrefixOf(a), Is.EqualTo(UdpAddress.Parse("[2001:db8:1:ff00::]:0")));
            Assert.That(limiter.PrefixOf(A), Is.EqualTo(UdpAddress.Parse("192.0.2.0:0")));
        });
    }

    [Test]
    public void TryAdmit_IPv6FloodFromOneSlash56_IsLimitedAsOnePrefix()
    {
        var limiter = new SourceRateLimiter(Wide with { PrefixRate = 1, PrefixBurst = 4 }, new VirtualClock());
        var bytes = Convert.FromHexString("20010db8000100ff0000000000000000");
        var admitted = 0;
        for (var i = 0; i < 20; i++)
        {
            bytes[7] = (byte)i; // varies within the /56 (byte 7 is the 57th-64th bit)
            bytes[15] = (byte)i;
            admitted += limiter.TryAdmit(UdpAddress.FromIPv6(bytes, 1), 1, trusted: false) ? 1 : 0;
        }

        Assert.That(admitted, Is.EqualTo(4));
    }

    [Test]
    public void TryAdmit_GlobalBudgetExhausted_RefusesUnprovenButAdmitsTrusted()
    {
        var clock = new VirtualClock();
        var limiter = new SourceRateLimiter(Wide with { GlobalRate = 2, GlobalBurst = 3 }, clock);

        var admitted = Enumerable.Range(0, 6).Count(i => limiter.TryAdmit(UdpAddress.FromIPv4(0xC633_6400u + (uint)i, 1) with { }, 1, trusted: false));
        limiter.TryAdmit(OtherPrefix, 1, trusted: false, out var reason);
        var trusted = limiter.TryAdmit(A, 1, trusted: true);
        clock.Advance(TimeSpan.FromSeconds(1));
        var refilled = Enumerable.Range(0, 5).Count(_ => limiter.TryAdmit(SamePrefix, 1, trusted: false));

        Assert.Multiple(() =>
        {
            Assert.That(admitted, Is.EqualTo(3));
            Assert.That(reason, Is.EqualTo(DropReason.RateLimitedGlobal));
            Assert.That(trusted, Is.True, "a trusted source is not charged to the global budget");
            Assert.That(refilled, Is.EqualTo(2));
            Assert.That(limiter.Counters[ReceiveLimiterCounter.AdmittedTrusted], Is.EqualTo(1));
            Assert.That(limiter.Counters[ReceiveLimiterCounter.DroppedGlobal], Is.EqualTo(3 + 1 + 3));
        });
    }

    [Test]
    public void TryAdmit_TrustedSource_StillLimitedByItsOwnAddressBucket()
    {
        var limiter = new SourceRateLimiter(Wide with { AddressRate = 1, AddressBurst = 3 }, new VirtualClock());

        var admitted = Enumerable.Range(0, 10).Count(_ => limiter.TryAdmit(A, 1, trusted: true));

        Assert.Multiple(() =>
        {
            Assert.That(admitted, Is.EqualTo(3));
            Assert.That(limiter.Counters[ReceiveLimiterCounter.DroppedAddress], Is.EqualTo(7));
        });
    }

    [Test]
    public void TryAdmit_MoreAddressesThanTable_EvictsLeastRecentlySeenAndStaysBounded()
    {
        var limiter = new SourceRateLimiter(Wide with { MaxAddresses = 16, MaxPrefixes = 4, AddressRate = 1, AddressBurst = 1, GlobalBurst = 10_000 }, new VirtualClock());

        for (var i = 0; i < 1_000; i++)
        {
            limiter.TryAdmit(UdpAddress.FromIPv4(0xC000_0000u + ((uint)i << 8) + 1, 1), 1, trusted: false);
        }

        // The first address was evicted long ago: it gets a fresh (full) bucket again.
        var first = UdpAddress.FromIPv4(0xC000_0001u, 1);
        var fresh = limiter.TryAdmit(first, 1, trusted: false);
        var second = limiter.TryAdmit(first, 1, trusted: false);

        Assert.Multiple(() =>
        {
            Assert.That(limiter.AddressCount, Is.EqualTo(16));
            Assert.That(limiter.PrefixCount, Is.EqualTo(4));
            Assert.That(limiter.Counters[ReceiveLimiterCounter.AddressesEvicted], Is.EqualTo(1_000 - 16 + 1));
            Assert.That(limiter.Counters[ReceiveLimiterCounter.PrefixesEvicted], Is.EqualTo(1_000 - 4 + 1));
            Assert.That(fresh, Is.True);
            Assert.That(second, Is.False, "the recreated bucket holds one token");
        });
    }

    [Test]
    public void TryAdmit_RecentlySeenAddress_SurvivesEviction()
    {
        var limiter = new SourceRateLimiter(Wide with { MaxAddresses = 4, AddressRate = 1, AddressBurst = 2 }, new VirtualClock());
        limiter.TryAdmit(A, 1, trusted: false); // A: 1 token left
        for (var i = 0; i < 20; i++)
        {
            limiter.TryAdmit(UdpAddress.FromIPv4(0xCB00_7100u + (uint)i, 1), 1, trusted: false);
            limiter.TryAdmit(A, 0, trusted: true); // keeps A most recently used (and drains it)
        }

        Assert.That(limiter.TryAdmit(A, 1, trusted: false), Is.False, "A kept its drained bucket instead of a fresh one");
    }

    [Test]
    public void Forget_RemovesTheAddressBucketAndKeepsTheTableConsistent()
    {
        var limiter = new SourceRateLimiter(Wide with { MaxAddresses = 8, AddressRate = 1, AddressBurst = 1 }, new VirtualClock());
        var addresses = Enumerable.Range(1, 8).Select(i => UdpAddress.FromIPv4(0xC000_0200u + (uint)i, 1)).ToList();
        addresses.ForEach(a => limiter.TryAdmit(a, 1, trusted: false));

        var forgotten = limiter.Forget(addresses[2]) && limiter.Forget(addresses[7]);
        var again = limiter.Forget(addresses[2]);
        var afterForget = limiter.TryAdmit(addresses[2], 1, trusted: false);
        var stillDrained = addresses.Where((_, i) => i is not 2 and not 7).Count(a => limiter.TryAdmit(a, 1, trusted: false));

        Assert.Multiple(() =>
        {
            Assert.That(forgotten, Is.True);
            Assert.That(again, Is.False);
            Assert.That(afterForget, Is.True, "a forgotten address starts with a full bucket");
            Assert.That(stillDrained, Is.Zero, "the other buckets were not disturbed");
            Assert.That(limiter.AddressCount, Is.EqualTo(7));
        });
    }

    [Test]
    public void TryAdmit_Disabled_AdmitsEverythingAndCounts()
    {
        var limiter = new SourceRateLimiter(ReceiveLimitOptions.Unlimited, new VirtualClock());

        var admitted = Enumerable.Range(0, 10_000).Count(_ => limiter.TryAdmit(A, 1, trusted: false));

        Assert.Multiple(() =>
        {
            Assert.That(admitted, Is.EqualTo(10_000));
            Assert.That(limiter.Counters[ReceiveLimiterCounter.Admitted], Is.EqualTo(10_000));
            Assert.That(limiter.AddressCount, Is.Zero);
        });
    }

    [Test]
    public void TryAdmit_SteadyState_DoesNotAllocate()
    {
        var limiter = new SourceRateLimiter(Wide with { MaxAddresses = 64, MaxPrefixes = 16 }, new VirtualClock());
        var sources = Enumerable.Range(0, 256).Select(i => i % 3 == 0
            ? UdpAddress.FromIPv6(Enumerable.Repeat((byte)i, 16).ToArray(), 1)
            : UdpAddress.FromIPv4(0xC000_0000u + ((uint)i << 6), (ushort)i)).ToArray();
        foreach (var source in sources)
        {
            limiter.TryAdmit(source, 1, trusted: false);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < 20; round++)
        {
            foreach (var source in sources)
            {
                limiter.TryAdmit(source, 1, trusted: (round & 1) == 0);
            }
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [TestCase(0, 1, 1)]
    [TestCase(1, 0.5, 1)]
    [TestCase(1, 1, 0)]
    [TestCase(double.NaN, 1, 1)]
    public void Constructor_InvalidOptions_Throws(double rate, double burst, int maxAddresses) =>
        Assert.That(() => new SourceRateLimiter(new ReceiveLimitOptions { AddressRate = rate, AddressBurst = burst, MaxAddresses = maxAddresses }),
            Throws.InstanceOf<ArgumentOutOfRangeException>());

    [TestCase(0, 56)]
    [TestCase(33, 56)]
    [TestCase(24, 129)]
    public void Constructor_InvalidPrefixLength_Throws(int v4, int v6) =>
        Assert.That(() => new SourceRateLimiter(new ReceiveLimitOptions { IPv4PrefixLength = v4, IPv6PrefixLength = v6 }),
            Throws.InstanceOf<ArgumentOutOfRangeException>());
}
