using Ipv8.Communities;

namespace Ipv8.Tests.Communities;

public class RequestCacheTests
{
    [Test]
    public void TryAdd_NewEntry_IsRetrievable()
    {
        using var cache = new RequestCache(new Ipv8.Simulation.VirtualClock());
        var entry = new Entry("ping", 7);
        Assert.Multiple(() =>
        {
            Assert.That(cache.TryAdd(entry), Is.True);
            Assert.That(cache.Has("ping", 7), Is.True);
            Assert.That(cache.Has("pong", 7), Is.False);
            Assert.That(cache.Get("ping", 7), Is.SameAs(entry));
        });
    }

    [Test]
    public void TryAdd_Duplicate_IsRefused()
    {
        using var cache = new RequestCache(new Ipv8.Simulation.VirtualClock());
        cache.TryAdd(new Entry("ping", 7));
        Assert.Multiple(() =>
        {
            Assert.That(cache.TryAdd(new Entry("ping", 7)), Is.False);
            Assert.That(cache.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public void TryAdd_Full_IsRefusedAndCounted()
    {
        using var cache = new RequestCache(new Ipv8.Simulation.VirtualClock(), options: new RequestCacheOptions { MaxEntries = 2 });
        cache.TryAdd(new Entry("a", 1));
        cache.TryAdd(new Entry("a", 2));
        Assert.Multiple(() =>
        {
            Assert.That(cache.TryAdd(new Entry("a", 3)), Is.False);
            Assert.That(cache.RefusedFull, Is.EqualTo(1));
        });
    }

    [Test]
    public void Timeout_Elapsed_RemovesEntryAndCallsOnTimeoutOnce()
    {
        var clock = new Ipv8.Simulation.VirtualClock();
        using var cache = new RequestCache(clock);
        var entry = new Entry("ping", 1);
        cache.TryAdd(entry);
        clock.Advance(TimeSpan.FromSeconds(9.9));
        var stillThere = cache.Has("ping", 1);
        clock.Advance(TimeSpan.FromSeconds(0.2));
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Multiple(() =>
        {
            Assert.That(stillThere, Is.True);
            Assert.That(cache.Has("ping", 1), Is.False);
            Assert.That(entry.TimeoutCalls, Is.EqualTo(1));
            Assert.That(cache.TimedOut, Is.EqualTo(1));
        });
    }

    [Test]
    public void Timeout_CustomPerEntryType_IsUsed()
    {
        var clock = new Ipv8.Simulation.VirtualClock();
        using var cache = new RequestCache(clock);
        var entry = new Entry("ping", 1, TimeSpan.FromSeconds(5));
        cache.TryAdd(entry);
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.That(entry.TimeoutCalls, Is.EqualTo(1));
    }

    [Test]
    public void TryPop_Outstanding_RemovesAndCancelsTimeout()
    {
        var clock = new Ipv8.Simulation.VirtualClock();
        using var cache = new RequestCache(clock);
        var entry = new Entry("ping", 1);
        cache.TryAdd(entry);
        var popped = cache.TryPop("ping", 1, out var got);
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Multiple(() =>
        {
            Assert.That(popped, Is.True);
            Assert.That(got, Is.SameAs(entry));
            Assert.That(entry.TimeoutCalls, Is.Zero);
            Assert.That(cache.TryPop("ping", 1, out _), Is.False);
        });
    }

    [Test]
    public void Timeout_CallbackThrows_IsCountedNotThrown()
    {
        var clock = new Ipv8.Simulation.VirtualClock();
        using var cache = new RequestCache(clock);
        cache.TryAdd(new Entry("ping", 1) { Throw = true });
        Assert.Multiple(() =>
        {
            Assert.DoesNotThrow(() => clock.Advance(TimeSpan.FromSeconds(11)));
            Assert.That(cache.TimeoutFailures, Is.EqualTo(1));
        });
    }

    [Test]
    public void Shutdown_WithEntries_ClearsAndRefusesNewWithoutTimeouts()
    {
        var clock = new Ipv8.Simulation.VirtualClock();
        var cache = new RequestCache(clock);
        var entry = new Entry("ping", 1);
        cache.TryAdd(entry);
        cache.Shutdown();
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Multiple(() =>
        {
            Assert.That(cache.Count, Is.Zero);
            Assert.That(cache.TryAdd(new Entry("ping", 2)), Is.False);
            Assert.That(entry.TimeoutCalls, Is.Zero);
            Assert.That(cache.IsShutdown, Is.True);
        });
    }

    [Test]
    public void CreateRandomNumber_SameSeed_IsDeterministicAndFree()
    {
        using var a = new RequestCache(new Ipv8.Simulation.VirtualClock(), random: new Random(42));
        using var b = new RequestCache(new Ipv8.Simulation.VirtualClock(), random: new Random(42));
        var first = a.CreateRandomNumber("x");
        a.TryAdd(new Entry("x", first));
        var second = a.CreateRandomNumber("x");
        Assert.Multiple(() =>
        {
            Assert.That(b.CreateRandomNumber("x"), Is.EqualTo(first));
            Assert.That(first, Is.InRange(0, 65535));
            Assert.That(second, Is.Not.EqualTo(first));
        });
    }

    private sealed class Entry(string prefix, long number, TimeSpan? timeout = null) : RequestCacheEntry(prefix, number)
    {
        public int TimeoutCalls { get; private set; }

        public bool Throw { get; init; }

        public override TimeSpan Timeout => timeout ?? base.Timeout;

        public override void OnTimeout()
        {
            TimeoutCalls++;
            if (Throw)
            {
                throw new InvalidOperationException("boom");
            }
        }
    }
}
