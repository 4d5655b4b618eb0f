using Ipv8.Messaging;
using Ipv8.Peers;

namespace Ipv8.Tests.Peers;

public class PeerTests
{
    private static readonly UdpAddress V4 = UdpAddress.Parse("192.0.2.1:1000");
    private static readonly UdpAddress V4b = UdpAddress.Parse("192.0.2.2:2000");
    private static readonly UdpAddress V6 = UdpAddress.Parse("[2001:db8::1]:3000");

    [Test]
    public void Address_Ipv6SlotPresent_IsPreferredOverIpv4()
    {
        var peer = new Peer(TestKey.Named("a"), V4);
        peer.AddAddress(V6);
        Assert.Multiple(() =>
        {
            Assert.That(peer.Address, Is.EqualTo(V6));
            Assert.That(peer.IPv4Address, Is.EqualTo(V4));
            Assert.That(peer.HasAddress(V4), Is.True);
        });
    }

    [Test]
    public void AddAddress_SameFamily_OverwritesSlot()
    {
        var peer = new Peer(TestKey.Named("a"), V4);
        peer.AddAddress(V4b);
        Assert.Multiple(() =>
        {
            Assert.That(peer.Address, Is.EqualTo(V4b));
            Assert.That(peer.HasAddress(V4), Is.False);
        });
    }

    [Test]
    public void SetLanAddress_Any_IsNeverPreferred()
    {
        var peer = new Peer(TestKey.Named("a"), V4);
        peer.SetLanAddress(V4b);
        Assert.Multiple(() =>
        {
            Assert.That(peer.Address, Is.EqualTo(V4));
            Assert.That(peer.LanAddress, Is.EqualTo(V4b));
        });
    }

    [Test]
    public void AddAddress_Frozen_IsIgnored()
    {
        var peer = new Peer(TestKey.Named("a"), V4) { AddressFrozen = true };
        peer.AddAddress(V4b);
        peer.SetLanAddress(V4b);
        Assert.Multiple(() =>
        {
            Assert.That(peer.Address, Is.EqualTo(V4));
            Assert.That(peer.LanAddress, Is.Null);
        });
    }

    [Test]
    public void Address_NoAddress_IsZero()
    {
        var peer = new Peer(TestKey.Named("a"));
        Assert.That(peer.Address, Is.EqualTo(UdpAddress.Zero));
    }

    [Test]
    public void Equals_SameKeyBinDifferentObjects_AreEqual()
    {
        var a = new Peer(TestKey.Named("x"), V4);
        var b = new Peer(TestKey.Named("x"), V4b);
        var c = new Peer(TestKey.Named("y"), V4);
        Assert.Multiple(() =>
        {
            Assert.That(a, Is.EqualTo(b));
            Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
            Assert.That(a, Is.Not.EqualTo(c));
        });
    }

    [Test]
    public void AddPing_MoreThanFive_KeepsLastFive()
    {
        var peer = new Peer(TestKey.Named("a"));
        for (var i = 1; i <= 7; i++)
        {
            peer.AddPing(TimeSpan.FromMilliseconds(i * 10));
        }

        Assert.Multiple(() =>
        {
            Assert.That(peer.PingCount, Is.EqualTo(5));
            Assert.That(peer.GetPings(), Is.EqualTo(new[] { 30, 40, 50, 60, 70 }.Select(ms => TimeSpan.FromMilliseconds(ms)).ToArray()));
            Assert.That(peer.GetMedianPing(), Is.EqualTo(TimeSpan.FromMilliseconds(50)));
            Assert.That(peer.GetAveragePing(), Is.EqualTo(TimeSpan.FromMilliseconds(50)));
        });
    }

    [Test]
    public void GetMedianPing_EvenCount_AveragesMiddleTwo()
    {
        var peer = new Peer(TestKey.Named("a"));
        peer.AddPing(TimeSpan.FromMilliseconds(40));
        peer.AddPing(TimeSpan.FromMilliseconds(10));
        peer.AddPing(TimeSpan.FromMilliseconds(100));
        peer.AddPing(TimeSpan.FromMilliseconds(20));
        Assert.Multiple(() =>
        {
            Assert.That(peer.GetMedianPing(), Is.EqualTo(TimeSpan.FromMilliseconds(30)));
            Assert.That(peer.GetAveragePing(), Is.EqualTo(TimeSpan.FromMilliseconds(42.5)));
        });
    }

    [Test]
    public void GetMedianPing_NoSamples_IsNull()
    {
        var peer = new Peer(TestKey.Named("a"));
        Assert.Multiple(() =>
        {
            Assert.That(peer.GetMedianPing(), Is.Null);
            Assert.That(peer.GetAveragePing(), Is.Null);
        });
    }

    [Test]
    public void LastResponse_Default_IsNullAndRoundTrips()
    {
        var peer = new Peer(TestKey.Named("a"));
        var before = peer.LastResponse;
        var now = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        peer.LastResponse = now;
        Assert.Multiple(() =>
        {
            Assert.That(before, Is.Null);
            Assert.That(peer.LastResponse, Is.EqualTo(now));
        });
    }
}
