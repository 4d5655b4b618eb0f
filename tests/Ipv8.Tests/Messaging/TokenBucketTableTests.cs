using Ipv8.Messaging;
using Ipv8.Simulation;

namespace Ipv8.Tests.Messaging;

[TestFixture]
public sealed class TokenBucketTableTests
{
    private static readonly UdpAddress A = UdpAddress.Parse("192.0.2.1:1000");
    private static readonly UdpAddress B = UdpAddress.Parse("192.0.2.2:1000");
    private static readonly UdpAddress C = UdpAddress.Parse("192.0.2.3:1000");

    private static TokenBucketTable<UdpAddress> Table(int capacity, double rate, double burst, TableFullPolicy whenFull, VirtualClock clock)
        => new(capacity, new TokenRate(rate, burst, clock.TimestampFrequency), whenFull);

    [Test]
    public void TryTake_BurstThenVirtualTime_RefillsAtRateCappedAtBurst()
    {
        var clock = new VirtualClock();
        var table = Table(4, rate: 4, burst: 3, TableFullPolicy.EvictLeastRecentlyUsed, clock);

        var burst = Enumerable.Range(0, 5).Count(_ => table.TryTake(A, clock.GetTimestamp()));
        clock.Advance(TimeSpan.FromMilliseconds(500)); // 2 tokens
        var afterHalfSecond = Enumerable.Range(0, 5).Count(_ => table.TryTake(A, clock.GetTimestamp()));
        clock.Advance(TimeSpan.FromHours(1)); // capped at the burst
        var afterAnHour = Enumerable.Range(0, 5).Count(_ => table.TryTake(A, clock.GetTimestamp()));

        Assert.Multiple(() =>
        {
            Assert.That(burst, Is.EqualTo(3));
            Assert.That(afterHalfSecond, Is.EqualTo(2));
            Assert.That(afterAnHour, Is.EqualTo(3));
        });
    }

    [Test]
    public void TryTake_Reserve_KeepsLastTokensForPriorityCallers()
    {
        var clock = new VirtualClock();
        var table = Table(4, rate: 1, burst: 5, TableFullPolicy.EvictLeastRecentlyUsed, clock);
        var now = clock.GetTimestamp();

        var withReserve = Enumerable.Range(0, 5).Count(i => table.TryTake(A, now, 2, out _));
        var priority = Enumerable.Range(0, 5).Count(i => table.TryTake(A, now, 0, out _));

        Assert.Multiple(() =>
        {
            Assert.That(withReserve, Is.EqualTo(3), "takes only while more than the reserve remains");
            Assert.That(priority, Is.EqualTo(2));
        });
    }

    [Test]
    public void TryTake_FullLeastRecentlyUsed_EvictsOldestAndReportsIt()
    {
        var clock = new VirtualClock();
        var table = Table(2, rate: 1, burst: 1, TableFullPolicy.EvictLeastRecentlyUsed, clock);
        var now = clock.GetTimestamp();
        table.TryTake(A, now, 0, out var first);
        table.TryTake(B, now, 0, out _);
        table.TryTake(A, now, 0, out _); // A becomes the most recently used: B is evicted next

        var admittedC = table.TryTake(C, now, 0, out var evicted);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.False);
            Assert.That(admittedC, Is.True);
            Assert.That(evicted, Is.True);
            Assert.That(table.Contains(B), Is.False);
            Assert.That(table.Contains(A), Is.True);
            Assert.That(table.Count, Is.EqualTo(2));
        });
    }

    [Test]
    public void TryTake_FullRefuseUnlessIdle_RefusesNewKeysUntilABucketRefilledCompletely()
    {
        var clock = new VirtualClock();
        var table = Table(2, rate: 2, burst: 4, TableFullPolicy.RefuseUnlessIdle, clock);
        table.TryTake(A, clock.GetTimestamp());
        clock.Advance(TimeSpan.FromSeconds(1));
        table.TryTake(B, clock.GetTimestamp());

        var refusedWhileLive = table.TryTake(C, clock.GetTimestamp(), 0, out var evictedWhileLive);
        clock.Advance(TimeSpan.FromSeconds(1)); // A idle 2 s = burst / rate: indistinguishable from new
        var admittedOnceIdle = table.TryTake(C, clock.GetTimestamp(), 0, out var evictedOnceIdle);

        Assert.Multiple(() =>
        {
            Assert.That(refusedWhileLive, Is.False);
            Assert.That(evictedWhileLive, Is.False);
            Assert.That(table.Contains(C), Is.True);
            Assert.That(admittedOnceIdle, Is.True);
            Assert.That(evictedOnceIdle, Is.True);
            Assert.That(table.Contains(A), Is.False, "the idle bucket made room");
            Assert.That(table.Contains(B), Is.True);
        });
    }

    [Test]
    public void TryTakeExisting_UnknownKey_NeitherCreatesNorAdmits()
    {
        var clock = new VirtualClock();
        var table = Table(2, rate: 1, burst: 1, TableFullPolicy.EvictLeastRecentlyUsed, clock);

        var admitted = table.TryTakeExisting(A, clock.GetTimestamp(), out var found);
        table.Reset(A, clock.GetTimestamp(), out _);
        var known = table.TryTakeExisting(A, clock.GetTimestamp(), out var foundAfterReset);
        var empty = table.TryTakeExisting(A, clock.GetTimestamp(), out _);

        Assert.Multiple(() =>
        {
            Assert.That(admitted, Is.False);
            Assert.That(found, Is.False);
            Assert.That(known, Is.True);
            Assert.That(foundAfterReset, Is.True);
            Assert.That(empty, Is.False);
        });
    }

    [Test]
    public void Reset_Full_EvictsLeastRecentlyUsedWhateverThePolicyAndRefillsExisting()
    {
        var clock = new VirtualClock();
        var table = Table(2, rate: 1, burst: 2, TableFullPolicy.RefuseUnlessIdle, clock);
        var now = clock.GetTimestamp();
        table.TryTake(A, now);
        table.TryTake(A, now);
        table.TryTake(B, now);

        var refilled = table.Reset(A, now, out _);
        var afterRefill = Enumerable.Range(0, 3).Count(_ => table.TryTake(A, now));
        var evicted = table.Reset(C, now, out var evictedKey);

        Assert.Multiple(() =>
        {
            Assert.That(refilled, Is.False);
            Assert.That(afterRefill, Is.EqualTo(2));
            Assert.That(evicted, Is.True);
            Assert.That(evictedKey, Is.EqualTo(B));
        });
    }

    [Test]
    public void TryTake_SpoofedSourceFlood_StaysWithinCapacityAndDoesNotAllocateOnceGrown()
    {
        var clock = new VirtualClock();
        var lru = Table(64, rate: 1, burst: 1, TableFullPolicy.EvictLeastRecentlyUsed, clock);
        var refuse = Table(64, rate: 1, burst: 1, TableFullPolicy.RefuseUnlessIdle, clock);
        var random = new Random(14);
        var sources = Enumerable.Range(0, 4_096).Select(_ => UdpAddress.FromIPv4((uint)random.Next(), (ushort)random.Next(1, 65_536))).ToArray();
        foreach (var source in sources.AsSpan(0, 128))
        {
            lru.TryTake(source, clock.GetTimestamp());
            refuse.TryTake(source, clock.GetTimestamp());
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var refused = 0;
        foreach (var source in sources)
        {
            lru.TryTake(source, clock.GetTimestamp());
            refused += refuse.TryTake(source, clock.GetTimestamp()) ? 0 : 1;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Multiple(() =>
        {
            Assert.That(allocated, Is.Zero);
            Assert.That(lru.Count, Is.EqualTo(64));
            Assert.That(refuse.Count, Is.EqualTo(64));
            Assert.That(refused, Is.EqualTo(sources.Length), "a full table of live buckets refuses every new spoofed key; the 64 it holds are empty");
        });
    }

    [Test]
    public void Remove_MiddleEntry_KeepsRecencyOrderOfTheRest()
    {
        var clock = new VirtualClock();
        var table = Table(3, rate: 1, burst: 1, TableFullPolicy.EvictLeastRecentlyUsed, clock);
        var now = clock.GetTimestamp();
        var d = UdpAddress.Parse("192.0.2.4:1000");
        table.TryTake(A, now);
        table.TryTake(B, now);
        table.TryTake(C, now);

        var removed = table.Remove(B);
        var removedAgain = table.Remove(B);
        table.TryTake(d, now, 0, out var evictedForD);
        table.TryTake(B, now, 0, out var evictedForB);

        Assert.Multiple(() =>
        {
            Assert.That(removed, Is.True);
            Assert.That(removedAgain, Is.False);
            Assert.That(evictedForD, Is.False, "the removed slot is free");
            Assert.That(evictedForB, Is.True);
            Assert.That(table.Contains(A), Is.False, "A was the least recently used");
            Assert.That(table.Contains(C) && table.Contains(d) && table.Contains(B), Is.True);
        });
    }

    [Test]
    public void TryTake_ReuseIdleSlots_UnallocatedUntilFirstUseThenStaysAtTheActiveSetSize()
    {
        var clock = new VirtualClock();
        var table = new TokenBucketTable<UdpAddress>(4_096, new TokenRate(2, 4, clock.TimestampFrequency), TableFullPolicy.EvictLeastRecentlyUsed, reuseIdleSlots: true);
        var unallocated = table.AllocatedSlots;

        // 1,000 sources, four at a time, each group long after the previous one refilled completely (2 s).
        for (var i = 0; i < 1_000; i++)
        {
            if (i % 4 == 0)
            {
                clock.Advance(TimeSpan.FromSeconds(3));
            }

            table.TryTake(Address(i), clock.GetTimestamp());
        }

        Assert.Multiple(() =>
        {
            Assert.That(unallocated, Is.Zero, "no storage before the first source");
            Assert.That(table.AllocatedSlots, Is.EqualTo(4), "idle buckets give their slots to new sources instead of the table growing");
            Assert.That(table.Count, Is.EqualTo(4));
        });
    }

    [Test]
    public void TryTake_ReuseIdleSlots_EnforcesTheSameLimitsAndBound()
    {
        // Same traffic into a table that reuses idle slots and one that does not: every decision is the same, and a burst
        // of distinct live sources still stops at the capacity (evicting, reported) whatever the reuse.
        var clock = new VirtualClock();
        var rate = new TokenRate(2, 3, clock.TimestampFrequency);
        var reusing = new TokenBucketTable<UdpAddress>(16, rate, TableFullPolicy.EvictLeastRecentlyUsed, reuseIdleSlots: true);
        var plain = new TokenBucketTable<UdpAddress>(16, rate, TableFullPolicy.EvictLeastRecentlyUsed);
        var random = new Random(21);
        var differences = 0;
        var evictionsReusing = 0;
        var evictionsPlain = 0;
        for (var step = 0; step < 20_000; step++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(random.Next(0, 120)));
            var source = Address(random.Next(0, 12));
            var now = clock.GetTimestamp();
            var a = reusing.TryTake(source, now, 0, out var evictedA);
            var b = plain.TryTake(source, now, 0, out var evictedB);
            differences += a == b ? 0 : 1;
            evictionsReusing += evictedA ? 1 : 0;
            evictionsPlain += evictedB ? 1 : 0;
        }

        var now2 = clock.GetTimestamp();
        var flood = Enumerable.Range(100, 40).Count(i => reusing.TryTake(Address(i), now2, 0, out var evicted) && evicted);

        Assert.Multiple(() =>
        {
            Assert.That(differences, Is.Zero, "reusing an idle slot never changes a decision");
            Assert.That(evictionsReusing + evictionsPlain, Is.Zero, "12 sources never fill 16 slots");
            Assert.That(reusing.AllocatedSlots, Is.LessThanOrEqualTo(plain.AllocatedSlots));
            Assert.That(reusing.Count, Is.EqualTo(16), "bounded by the capacity");
            Assert.That(flood, Is.GreaterThanOrEqualTo(40 - 16), "live buckets are evicted, and reported, once the table is full");
        });
    }

    private static UdpAddress Address(int i) => UdpAddress.FromIPv4(0xC0000200u + (uint)i, 1000);

    [TestCase(0, 1.0, 1.0)]
    [TestCase(1, 0.0, 1.0)]
    [TestCase(1, 1.0, 0.0)]
    public void Constructor_NotPositive_Throws(int capacity, double rate, double burst)
        => Assert.That(() => new TokenBucketTable<UdpAddress>(capacity, new TokenRate(rate, burst, TimeSpan.TicksPerSecond), TableFullPolicy.EvictLeastRecentlyUsed), Throws.InstanceOf<ArgumentOutOfRangeException>());
}
