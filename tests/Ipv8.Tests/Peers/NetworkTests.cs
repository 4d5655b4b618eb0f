using Ipv8.Messaging;
using Ipv8.Peers;

namespace Ipv8.Tests.Peers;

public class NetworkTests
{
    private static readonly ServiceId ServiceA = ServiceId.From(Enumerable.Repeat((byte)0xAA, 20).ToArray());
    private static readonly ServiceId ServiceB = ServiceId.From(Enumerable.Repeat((byte)0xBB, 20).ToArray());

    private static UdpAddress Addr(int i) => UdpAddress.FromIPv4(0xC6336400u + (uint)(i % 256), (ushort)(1000 + i));

    private static Peer NewPeer(string name, int address) => new(TestKey.Named(name), Addr(address));

    [Test]
    public void AddVerifiedPeer_New_IsVerifiedAndItsAddressKnown()
    {
        var network = new Network();
        var peer = NewPeer("a", 1);
        var held = network.AddVerifiedPeer(peer);
        Assert.Multiple(() =>
        {
            Assert.That(held, Is.SameAs(peer));
            Assert.That(network.GetVerifiedByAddress(Addr(1)), Is.SameAs(peer));
            Assert.That(network.GetVerifiedByPublicKeyBin(peer.PublicKey.KeyBin), Is.SameAs(peer));
            Assert.That(network.IsKnownAddress(Addr(1)), Is.True);
            Assert.That(network.VerifiedPeerCount, Is.EqualTo(1));
        });
    }

    [Test]
    public void AddVerifiedPeer_BlacklistedMid_IsIgnored()
    {
        var network = new Network();
        var peer = NewPeer("a", 1);
        network.BlacklistMid(peer.Mid);
        Assert.Multiple(() =>
        {
            Assert.That(network.AddVerifiedPeer(peer), Is.Null);
            Assert.That(network.VerifiedPeerCount, Is.Zero);
        });
    }

    [Test]
    public void AddVerifiedPeer_UnknownBlacklistedAddress_IsIgnored()
    {
        var network = new Network();
        network.AddToBlacklist(Addr(1));
        Assert.Multiple(() =>
        {
            Assert.That(network.AddVerifiedPeer(NewPeer("a", 1)), Is.Null);
            Assert.That(network.IsKnownAddress(Addr(1)), Is.False);
        });
    }

    [Test]
    public void AddVerifiedPeer_SameKeyAgain_MergesAddressesIntoExisting()
    {
        var network = new Network();
        var first = NewPeer("a", 1);
        network.AddVerifiedPeer(first);
        var again = new Peer(TestKey.Named("a"), UdpAddress.Parse("[2001:db8::5]:7"));
        var held = network.AddVerifiedPeer(again);
        Assert.Multiple(() =>
        {
            Assert.That(held, Is.SameAs(first));
            Assert.That(first.Address, Is.EqualTo(UdpAddress.Parse("[2001:db8::5]:7")));
            Assert.That(network.GetVerifiedByAddress(UdpAddress.Parse("[2001:db8::5]:7")), Is.SameAs(first));
            Assert.That(network.GetVerifiedByAddress(Addr(1)), Is.SameAs(first));
            Assert.That(network.VerifiedPeerCount, Is.EqualTo(1));
        });
    }

    [Test]
    public void AddVerifiedPeer_Full_IsRefusedAndCounted()
    {
        var network = new Network(new NetworkOptions { MaxVerifiedPeers = 2 });
        network.AddVerifiedPeer(NewPeer("a", 1));
        network.AddVerifiedPeer(NewPeer("b", 2));
        Assert.Multiple(() =>
        {
            Assert.That(network.AddVerifiedPeer(NewPeer("c", 3)), Is.Null);
            Assert.That(network.RefusedPeers, Is.EqualTo(1));
            Assert.That(network.VerifiedPeerCount, Is.EqualTo(2));
        });
    }

    [Test]
    public void PeerAddressChange_VerifiedPeer_UpdatesAddressIndex()
    {
        var network = new Network();
        var peer = NewPeer("a", 1);
        network.AddVerifiedPeer(peer);
        peer.AddAddress(Addr(2));
        Assert.Multiple(() =>
        {
            Assert.That(network.GetVerifiedByAddress(Addr(2)), Is.SameAs(peer));
            Assert.That(network.GetVerifiedByAddress(Addr(1)), Is.Null);
        });
    }

    [Test]
    public void GetWalkableAddresses_IntroducedForService_AreWalkableForThatServiceOnly()
    {
        var network = new Network();
        var introducer = NewPeer("intro", 1);
        network.AddVerifiedPeer(introducer);
        network.DiscoverServices(introducer, ServiceA);
        network.DiscoverAddress(introducer, Addr(2), ServiceA);
        Assert.Multiple(() =>
        {
            Assert.That(network.GetWalkableAddresses(ServiceA), Is.EqualTo(new[] { Addr(2) }));
            Assert.That(network.GetWalkableAddresses(ServiceB), Is.Empty);
            Assert.That(network.GetWalkableAddresses(), Is.EqualTo(new[] { Addr(2) }));
        });
    }

    [Test]
    public void GetWalkableAddresses_AddressOfVerifiedPeerOfService_IsExcluded()
    {
        var network = new Network();
        var introducer = NewPeer("intro", 1);
        network.DiscoverServices(introducer, ServiceA);
        network.DiscoverAddress(introducer, Addr(2), ServiceA);
        var other = NewPeer("other", 2);
        network.AddVerifiedPeer(other);
        var beforeService = network.GetWalkableAddresses(ServiceA);
        network.DiscoverServices(other, ServiceA);
        Assert.Multiple(() =>
        {
            Assert.That(beforeService, Is.EqualTo(new[] { Addr(2) }), "a verified peer of another service does not hide the address");
            Assert.That(network.GetWalkableAddresses(ServiceA), Is.Empty);
        });
    }

    [Test]
    public void GetWalkableAddresses_OldStyleOnly_DropsNewStyleAddresses()
    {
        var network = new Network();
        var introducer = NewPeer("intro", 1);
        network.DiscoverAddress(introducer, Addr(2), ServiceA, newStyle: true);
        network.DiscoverAddress(introducer, Addr(3), ServiceA, newStyle: false);
        Assert.Multiple(() =>
        {
            Assert.That(network.GetWalkableAddresses(ServiceA, oldStyleOnly: true), Is.EqualTo(new[] { Addr(3) }));
            Assert.That(network.IsNewStyleAddress(Addr(2)), Is.True);
            Assert.That(network.IsNewStyleAddress(Addr(3)), Is.False);
        });
    }

    [Test]
    public void DiscoverAddress_BlacklistedAddress_NotRecordedButIntroducerVerified()
    {
        var network = new Network();
        network.AddToBlacklist(Addr(2));
        var introducer = NewPeer("intro", 1);
        network.DiscoverAddress(introducer, Addr(2), ServiceA);
        Assert.Multiple(() =>
        {
            Assert.That(network.IsKnownAddress(Addr(2)), Is.False);
            Assert.That(network.GetVerifiedByAddress(Addr(1)), Is.SameAs(introducer));
        });
    }

    [Test]
    public void DiscoverAddress_IntroducerStillVerified_KeepsFirstIntroducer()
    {
        var network = new Network();
        var first = NewPeer("first", 1);
        var second = NewPeer("second", 3);
        network.DiscoverAddress(first, Addr(2), ServiceA);
        network.DiscoverAddress(second, Addr(2), ServiceA);
        Assert.Multiple(() =>
        {
            Assert.That(network.GetIntroductionsFrom(first), Is.EqualTo(new[] { Addr(2) }));
            Assert.That(network.GetIntroductionsFrom(second), Is.Empty);
        });
    }

    [Test]
    public void DiscoverAddress_IntroducerRemoved_RecordsNewIntroducer()
    {
        var network = new Network();
        var first = NewPeer("first", 1);
        var second = NewPeer("second", 3);
        network.DiscoverAddress(first, Addr(2), ServiceA);
        network.RemovePeer(first);
        network.DiscoverAddress(second, Addr(2), ServiceA);
        Assert.That(network.GetIntroductionsFrom(second), Is.EqualTo(new[] { Addr(2) }));
    }

    [Test]
    public void GetPeersForService_MixedServices_ReturnsOnlyMatching()
    {
        var network = new Network();
        var a = NewPeer("a", 1);
        var b = NewPeer("b", 2);
        network.AddVerifiedPeer(a);
        network.AddVerifiedPeer(b);
        network.DiscoverServices(a, [ServiceA, ServiceB]);
        network.DiscoverServices(b, ServiceB);
        Assert.Multiple(() =>
        {
            Assert.That(network.GetPeersForService(ServiceA), Is.EqualTo(new[] { a }));
            Assert.That(network.GetPeersForService(ServiceB), Is.EqualTo(new[] { a, b }));
            Assert.That(network.CountPeersForService(ServiceB), Is.EqualTo(2));
        });
    }

    [Test]
    public void DiscoverServices_OverPerPeerBound_IsCountedAndIgnored()
    {
        var network = new Network(new NetworkOptions { MaxServicesPerPeer = 1 });
        var a = NewPeer("a", 1);
        network.DiscoverServices(a, [ServiceA, ServiceB]);
        Assert.Multiple(() =>
        {
            Assert.That(network.GetServices(a), Is.EqualTo(new[] { ServiceA }));
            Assert.That(network.RefusedServices, Is.EqualTo(1));
        });
    }

    [Test]
    public void RemovePeer_Verified_ForgetsAddressesServicesAndRaisesEvent()
    {
        var network = new Network();
        var a = NewPeer("a", 1);
        Peer? removed = null;
        network.PeerRemoved += (_, p) => removed = p;
        network.AddVerifiedPeer(a);
        network.DiscoverServices(a, ServiceA);
        network.RemovePeer(a);
        Assert.Multiple(() =>
        {
            Assert.That(removed, Is.SameAs(a));
            Assert.That(network.VerifiedPeerCount, Is.Zero);
            Assert.That(network.IsKnownAddress(Addr(1)), Is.False);
            Assert.That(network.GetVerifiedByPublicKeyBin(a.PublicKey.KeyBin), Is.Null);
            Assert.That(network.GetServices(a), Is.Empty);
        });
    }

    [Test]
    public void RemoveByAddress_VerifiedAddress_RemovesThatPeer()
    {
        var network = new Network();
        var a = NewPeer("a", 1);
        var b = NewPeer("b", 2);
        network.AddVerifiedPeer(a);
        network.AddVerifiedPeer(b);
        network.RemoveByAddress(Addr(1));
        Assert.Multiple(() =>
        {
            Assert.That(network.GetVerifiedPeers(), Is.EqualTo(new[] { b }));
            Assert.That(network.GetVerifiedByAddress(Addr(1)), Is.Null);
            Assert.That(network.IsKnownAddress(Addr(1)), Is.False);
        });
    }

    [Test]
    public void AddVerifiedPeer_RaisesPeerAddedOnceForNewPeer()
    {
        var network = new Network();
        var added = 0;
        network.PeerAdded += (_, _) => added++;
        network.AddVerifiedPeer(NewPeer("a", 1));
        network.AddVerifiedPeer(NewPeer("a", 2));
        Assert.That(added, Is.EqualTo(1));
    }

    [Test]
    public void DiscoverAddress_OverMaxKnownAddresses_EvictsOldest()
    {
        var network = new Network(new NetworkOptions { MaxKnownAddresses = 3 });
        var introducer = new Peer(TestKey.Named("intro"));
        for (var i = 1; i <= 5; i++)
        {
            network.DiscoverAddress(introducer, Addr(i), ServiceA);
        }

        Assert.Multiple(() =>
        {
            Assert.That(network.KnownAddressCount, Is.EqualTo(3));
            Assert.That(network.EvictedAddresses, Is.EqualTo(2));
            Assert.That(network.GetWalkableAddresses(), Is.EqualTo(new[] { Addr(3), Addr(4), Addr(5) }));
        });
    }

    [Test]
    public void Snapshot_LoadedIntoFreshNetwork_YieldsPreferredAddresses()
    {
        var network = new Network();
        network.AddVerifiedPeer(NewPeer("a", 1));
        var v6 = new Peer(TestKey.Named("b"), UdpAddress.Parse("[2001:db8::9]:99"));
        network.AddVerifiedPeer(v6);
        network.AddVerifiedPeer(new Peer(TestKey.Named("zero")));
        var snapshot = network.Snapshot();

        var fresh = new Network();
        var loaded = fresh.LoadSnapshot(snapshot);
        Assert.Multiple(() =>
        {
            Assert.That(snapshot, Has.Length.EqualTo(7 + 19));
            Assert.That(snapshot[..7], Is.EqualTo(new byte[] { 0x01, 198, 51, 100, 1, 0x03, 0xE9 }));
            Assert.That(loaded, Is.EqualTo(2));
            Assert.That(fresh.GetWalkableAddresses(), Is.EqualTo(new[] { Addr(1), UdpAddress.Parse("[2001:db8::9]:99") }));
        });
    }

    [Test]
    public void LoadSnapshot_TruncatedEntry_StopsThere()
    {
        var fresh = new Network();
        byte[] data = [0x01, 192, 0, 2, 7, 0, 80, 0x09, 1, 2, 0x01, 192, 0, 2, 8, 0, 80];
        Assert.Multiple(() =>
        {
            Assert.That(fresh.LoadSnapshot(data), Is.EqualTo(1));
            Assert.That(fresh.GetWalkableAddresses(), Is.EqualTo(new[] { UdpAddress.Parse("192.0.2.7:80") }));
        });
    }

    [Test]
    public void RegisterServiceProvider_Registered_IsFoundById()
    {
        var network = new Network();
        var overlay = new FakeOverlay(ServiceA.ToArray());
        network.RegisterServiceProvider(overlay);
        var found = network.GetServiceProvider(ServiceA);
        network.UnregisterServiceProvider(overlay);
        Assert.Multiple(() =>
        {
            Assert.That(found, Is.SameAs(overlay));
            Assert.That(network.GetServiceProvider(ServiceA), Is.Null);
        });
    }

    private sealed class FakeOverlay(byte[] id) : ILocalOverlay
    {
        public ReadOnlyMemory<byte> CommunityId => id;

        public MyPeer MyPeer => throw new NotSupportedException();
    }
}
