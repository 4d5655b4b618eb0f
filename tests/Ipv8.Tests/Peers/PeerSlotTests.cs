using Ipv8.Messaging;
using Ipv8.Peers;
using Ipv8.Tests.Communities;

namespace Ipv8.Tests.Peers;

/// <summary>The compact address slots and creation time of <see cref="Peer"/>: empty slots are never reported or matched.</summary>
public class PeerSlotTests
{
    private static readonly UdpAddress V4 = UdpAddress.Parse("192.0.2.7:7000");
    private static readonly UdpAddress V6 = UdpAddress.Parse("[2001:db8::7]:7000");
    private static readonly UdpAddress Lan = UdpAddress.Parse("198.51.100.7:7000");

    [Test]
    public void Constructor_ZeroAddress_NoSlotFilledAndZeroNeverMatches()
    {
        var peer = new Peer(TestOverlay.CreateKey(1).PublicKey);
        var slots = new List<UdpAddress>();
        peer.ForEachAddress(slots, static (list, address) => list.Add(address));

        Assert.Multiple(() =>
        {
            Assert.That(peer.Address, Is.EqualTo(UdpAddress.Zero));
            Assert.That(peer.IPv4Address, Is.Null);
            Assert.That(peer.IPv6Address, Is.Null);
            Assert.That(peer.LanAddress, Is.Null);
            Assert.That(slots, Is.Empty);
            Assert.That(peer.HasAddress(UdpAddress.Zero), Is.False, "an empty slot does not hold the zero address");
        });
    }

    [Test]
    public void AddAddress_BothFamiliesAndLan_PrefersIPv6AndKeepsEachSlot()
    {
        var peer = new Peer(TestOverlay.CreateKey(1).PublicKey, V4);
        var preferredBefore = peer.Address;
        peer.SetLanAddress(Lan);
        peer.AddAddress(V6);

        Assert.Multiple(() =>
        {
            Assert.That(preferredBefore, Is.EqualTo(V4));
            Assert.That(peer.Address, Is.EqualTo(V6));
            Assert.That(peer.IPv4Address, Is.EqualTo(V4));
            Assert.That(peer.IPv6Address, Is.EqualTo(V6));
            Assert.That(peer.LanAddress, Is.EqualTo(Lan));
            Assert.That(peer.HasAddress(V4) && peer.HasAddress(V6) && peer.HasAddress(Lan), Is.True);
        });
    }

    [Test]
    public void CreationTime_NonUtcOffset_IsKeptExactly()
    {
        var created = new DateTimeOffset(2026, 12, 5, 3, 4, 5, 678, TimeSpan.FromHours(5.5));

        var peer = new Peer(TestOverlay.CreateKey(1).PublicKey, V4, created);

        Assert.Multiple(() =>
        {
            Assert.That(peer.CreationTime, Is.EqualTo(created));
            Assert.That(peer.CreationTime.Offset, Is.EqualTo(created.Offset));
            Assert.That(peer.CreationTime.Ticks, Is.EqualTo(created.Ticks));
        });
    }
}
