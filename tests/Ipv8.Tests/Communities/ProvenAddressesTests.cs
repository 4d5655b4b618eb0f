using Ipv8.Communities;
using Ipv8.Messaging;

namespace Ipv8.Tests.Communities;

/// <summary>The proven-address table kept in proof order: expired pairs make room before the table grows, the bound holds.</summary>
public class ProvenAddressesTests
{
    private static readonly long Second = TimeSpan.FromSeconds(1).Ticks;

    [Test]
    public void Prove_ExpiredPairsAtTheOldEnd_MakeRoomBeforeTheTableGrows()
    {
        var counters = new CounterSet<TrustCounter>();
        var table = new ProvenAddresses(1_000, TimeSpan.FromSeconds(10), counters);
        var key = TestOverlay.CreateKey(1).PublicKey;

        // 500 addresses, four live at a time: each proven 20 s after the one four places before it.
        for (var i = 0; i < 500; i++)
        {
            table.Prove(Address(i), key, i / 4 * 20 * Second);
        }

        var now = 499 / 4 * 20 * Second;
        Assert.Multiple(() =>
        {
            Assert.That(table.Count, Is.LessThanOrEqualTo(8), "expired pairs were forgotten instead of the table growing");
            Assert.That(table.IsProven(Address(499), key, now) && table.IsProven(Address(496), key, now), Is.True);
            Assert.That(table.Contains(Address(0), now), Is.False);
            Assert.That(counters[TrustCounter.ProvenExpired] + table.Count, Is.EqualTo(500), "every pair counted once when forgotten");
        });
    }

    [Test]
    public void Prove_FullOfLivePairs_ForgetsTheLeastRecentlyProvenAndStaysBounded()
    {
        var counters = new CounterSet<TrustCounter>();
        var table = new ProvenAddresses(16, TimeSpan.FromMinutes(10), counters);
        var key = TestOverlay.CreateKey(1).PublicKey;
        for (var i = 0; i < 16; i++)
        {
            table.Prove(Address(i), key, i);
        }

        table.Prove(Address(0), key, 100); // proven again: now the most recent
        var evicted = Enumerable.Range(16, 100).Count(i => table.Prove(Address(i), key, 200 + i));

        Assert.Multiple(() =>
        {
            Assert.That(evicted, Is.EqualTo(100));
            Assert.That(table.Count, Is.EqualTo(16));
            Assert.That(table.Contains(Address(115), 400), Is.True);
            Assert.That(table.Contains(Address(1), 400), Is.False);
            Assert.That(counters[TrustCounter.ProvenExpired], Is.Zero);
        });
    }

    private static UdpAddress Address(int i) => UdpAddress.FromIPv4(0xC6336400u + (uint)i, 7000);
}
