using Ipv8.Messaging;
using Ipv8.Rendezvous;
using Ipv8.Simulation;

namespace Ipv8.Tests.Rendezvous;

/// <summary>The DiscoveryManager over rendezvous, LAN broadcast and custom interfaces, on the simulated network.</summary>
public class DiscoveryManagerTests
{
    private static readonly UdpAddress Broadcast = UdpAddress.Parse("127.255.255.255:8090");

    [Test]
    public async Task Request_TwoInterfacesReportSamePeer_MergedAndDeduplicated()
    {
        var bed = new RendezvousBed(41, new SimulatedNetworkOptions { BroadcastAddress = Broadcast });
        var point = await bed.AddPointAsync(1);
        var alice = await bed.AddAsync(2);
        var bob = await bed.AddAsync(3);
        var seeker = await bed.AddAsync(4);
        var points = new RendezvousInterfaceOptions { RendezvousPoints = [point.Endpoint.LocalAddress] };
        var lan = new LanBroadcastOptions { BroadcastAddress = Broadcast };
        await using var aliceManager = Manager(alice, new RendezvousInterface(alice, points), new LanBroadcastInterface(alice, lan));
        await using var bobManager = Manager(bob, new LanBroadcastInterface(bob, lan));
        using var seekerLan = new LanBroadcastInterface(seeker, lan);
        await using var seekerManager = Manager(seeker, new RendezvousInterface(seeker, points), seekerLan);
        aliceManager.Advertise("OddClub");
        bobManager.Advertise("OddClub");
        bed.Advance(TimeSpan.FromSeconds(2));
        var query = seekerManager.Request("OddClub");
        bed.Advance(TimeSpan.FromSeconds(25));
        var found = new List<DiscoveredPeer>();
        while (query.TryGetPeer(out var peer))
        {
            found.Add(peer!);
        }

        Assert.Multiple(() =>
        {
            Assert.That(seekerLan.RecordCount, Is.EqualTo(2), "both announcements arrived by broadcast");
            Assert.That(found.Select(p => p.MidHex), Is.EquivalentTo(new[] { alice.MyPeer.PublicKey.MidHex, bob.MyPeer.PublicKey.MidHex }), "each peer once");
            Assert.That(found.Single(p => p.MidHex == bob.MyPeer.PublicKey.MidHex).InterfaceName, Is.EqualTo(LanBroadcastInterface.InterfaceName));
            Assert.That(found.All(p => p.Namespace == "OddClub"), Is.True);
            Assert.That(query.Found, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Advertise_ShortTtl_RenewedBeforeExpiryUntilStopped()
    {
        var bed = new RendezvousBed(42);
        var point = await bed.AddPointAsync(1);
        var alice = await bed.AddAsync(2);
        var seeker = await bed.AddAsync(3);
        var options = new RendezvousInterfaceOptions { RendezvousPoints = [point.Endpoint.LocalAddress], Ttl = TimeSpan.FromMinutes(4) };
        await using var manager = Manager(alice, new RendezvousInterface(alice, options));
        var advertisement = manager.Advertise("EvenGang");
        bed.Advance(TimeSpan.FromMinutes(20));
        var during = await bed.RunAsync(seeker.DiscoverAsync(point.Endpoint.LocalAddress, "EvenGang"));
        advertisement.Stop();
        bed.Advance(TimeSpan.FromSeconds(5));
        Assert.Multiple(() =>
        {
            Assert.That(during.Records, Has.Count.EqualTo(1), "still registered after 5 TTLs");
            Assert.That(advertisement.Renewals, Is.InRange(9, 11), "renewed at half the TTL");
            Assert.That(point.GetCount(RendezvousCounter.RegistrationsRefreshed), Is.EqualTo(advertisement.Renewals - 1));
            Assert.That(point.GetCount(RendezvousCounter.RegistrationsExpired), Is.Zero, "never expired");
            Assert.That(point.RegistrationCount, Is.Zero, "stopping unregistered it");
        });
    }

    [Test]
    public async Task Request_GetPeerAsyncEnumerationAndStop_EachPeerOnceThenEnds()
    {
        var bed = new RendezvousBed(43);
        var point = await bed.AddPointAsync(1);
        var seeker = await bed.AddAsync(2);
        var members = new List<RendezvousCommunity>();
        for (var i = 0; i < 4; i++)
        {
            members.Add(await bed.AddAsync(10 + i));
        }

        await bed.RunAllAsync([.. members.Select(m => m.RegisterAsync(point.Endpoint.LocalAddress, "OddClub"))]);
        await using var manager = Manager(seeker, new RendezvousInterface(seeker, new RendezvousInterfaceOptions { RendezvousPoints = [point.Endpoint.LocalAddress] }));
        var query = manager.Request("OddClub");
        for (var i = 0; i < 300 && query.Found < 4; i++)
        {
            bed.Clock.Advance(RendezvousBed.Step);
        }

        var first = await query.GetPeerAsync();
        bed.Advance(TimeSpan.FromSeconds(30));
        query.Stop();
        var rest = new List<DiscoveredPeer>();
        await foreach (var peer in query)
        {
            rest.Add(peer);
        }

        Assert.Multiple(() =>
        {
            Assert.That(query.Found, Is.EqualTo(4), "asked again three times, still four distinct peers");
            Assert.That(rest.Select(p => p.MidHex).Prepend(first.MidHex), Is.EquivalentTo(members.Select(m => m.MyPeer.PublicKey.MidHex)));
            Assert.That(first.Addresses, Is.Not.Empty);
            Assert.That(query.IsStopped, Is.True);
            Assert.ThrowsAsync<InvalidOperationException>(async () => await query.GetPeerAsync());
        });
    }

    [Test]
    public async Task Request_NamespaceSpanningManyPages_FirstPeersHandedOutBeforeLastPage()
    {
        var bed = new RendezvousBed(45);
        var point = await bed.AddPointAsync(1);
        var seeker = await bed.AddAsync(2);
        var members = new List<RendezvousCommunity>();
        for (var i = 0; i < 40; i++)
        {
            members.Add(await bed.AddAsync(10 + i));
        }

        await bed.RunAllAsync([.. members.Select(m => m.RegisterAsync(point.Endpoint.LocalAddress, "OddClub"))]);
        var pagesBefore = point.GetCount(RendezvousCounter.DiscoverPagesServed);
        await using var manager = Manager(seeker, new RendezvousInterface(seeker, new RendezvousInterfaceOptions { RendezvousPoints = [point.Endpoint.LocalAddress] }));
        var query = manager.Request("OddClub");
        for (var i = 0; i < 3000 && query.Found == 0; i++)
        {
            bed.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        var foundAtFirst = query.Found;
        bed.Advance(TimeSpan.FromSeconds(5));
        Assert.Multiple(() =>
        {
            Assert.That(foundAtFirst, Is.InRange(1, 39), "the first page's peers were handed out before the later pages arrived");
            Assert.That(query.Found, Is.EqualTo(40), "every page arrived");
            Assert.That(point.GetCount(RendezvousCounter.DiscoverPagesServed) - pagesBefore, Is.GreaterThan(1), "the namespace took several pages");
        });
    }

    [Test]
    public async Task Request_MembersRegisterAfterTheFirstAsk_FoundWithinSecondsNotAtTheNextInterval()
    {
        var bed = new RendezvousBed(46);
        var point = await bed.AddPointAsync(1);
        var seeker = await bed.AddAsync(2);
        var member = await bed.AddAsync(3);
        await using var manager = Manager(seeker, new RendezvousInterface(seeker, new RendezvousInterfaceOptions { RendezvousPoints = [point.Endpoint.LocalAddress] }));
        var query = manager.Request("OddClub");
        bed.Advance(TimeSpan.FromMilliseconds(500));
        var foundEarly = query.Found;
        await bed.RunAsync(member.RegisterAsync(point.Endpoint.LocalAddress, "OddClub"));
        bed.Advance(TimeSpan.FromSeconds(4));
        var discoversBefore = point.GetCount(RendezvousCounter.DiscoverPagesServed);
        var foundSoon = query.Found;
        bed.Advance(TimeSpan.FromSeconds(30));
        var discoversAfter = point.GetCount(RendezvousCounter.DiscoverPagesServed);
        Assert.Multiple(() =>
        {
            Assert.That(foundEarly, Is.Zero, "nobody was registered at the first ask");
            Assert.That(foundSoon, Is.EqualTo(1), "an empty query asks again after 1 s, 2 s, 4 s ... not only after the 10 s interval");
            Assert.That(discoversAfter - discoversBefore, Is.InRange(2, 4), "once found, it asks every 10 s again");
        });
    }

    [Test]
    public async Task Request_CustomInterfaceByNameWithForgedRecords_OnlyValidHandedOut()
    {
        var bed = new RendezvousBed(44);
        var seeker = await bed.AddAsync(1);
        var honest = await bed.AddAsync(2);
        var forger = await bed.AddAsync(3);
        var hour = TimeSpan.FromHours(1);
        var valid = honest.CreateRecord("OddClub", hour);
        var records = new[]
        {
            valid,
            valid,
            valid with { Addresses = [UdpAddress.Parse("203.0.113.9:1")] },
            forger.CreateRecord("OddClub", hour) with { KeyBin = honest.MyPeer.PublicKey.KeyBin.ToArray() },
            honest.CreateRecord("EvenGang", hour),
            honest.CreateRecord("OddClub", TimeSpan.FromSeconds(1)),
            seeker.CreateRecord("OddClub", hour),
        };
        bed.Advance(TimeSpan.FromSeconds(2));
        var catalog = new DiscoveryInterfaceCatalog();
        catalog.Add("Fake", c => new FakeInterface("Fake", (IReadOnlyList<SignedPeerRecord>)c.Init!));
        var fake = catalog.Create("Fake", new DiscoveryInterfaceContext(seeker, seeker.Network, records));
        await using var manager = new DiscoveryManager([fake], seeker.KeyParser, bed.Clock, ownKey: seeker.MyPeer.PublicKey);
        var query = manager.Request("OddClub");
        var found = await query.GetPeerAsync();
        Assert.Multiple(() =>
        {
            Assert.That(found.MidHex, Is.EqualTo(honest.MyPeer.PublicKey.MidHex));
            Assert.That(found.InterfaceName, Is.EqualTo("Fake"));
            Assert.That(query.TryGetPeer(out _), Is.False, "duplicates, forgeries, other namespaces, expired records and our own are not handed out");
            Assert.That(manager.RecordsRefused, Is.EqualTo(4), "altered addresses, another key's signature, other namespace, expired");
            Assert.That(() => catalog.Create("Missing", new DiscoveryInterfaceContext(seeker, seeker.Network, null)), Throws.TypeOf<KeyNotFoundException>().With.Message.Contains("RendezvousInterface"));
        });
    }

    [Test]
    public void Options_OutOfRange_EveryProblemListed()
    {
        var manager = new DiscoveryManagerOptions { RequestInterval = TimeSpan.Zero, RenewAt = 1, RetryInterval = TimeSpan.FromSeconds(-1), MaxPeersPerQuery = 0 };
        var rendezvous = new RendezvousOptions { MinTtl = TimeSpan.Zero, DefaultTtl = TimeSpan.FromHours(73), MaxDatagramSize = 2000 };
        var points = new RendezvousInterfaceOptions { Ttl = TimeSpan.FromHours(80), DiscoverLimit = 0 };
        var lan = new LanBroadcastOptions { Interval = TimeSpan.Zero };
        Assert.Multiple(() =>
        {
            Assert.That(manager.Validate(), Has.Count.EqualTo(4));
            Assert.That(rendezvous.Validate(), Has.Count.EqualTo(3));
            Assert.That(points.Validate(), Has.Count.EqualTo(3));
            Assert.That(lan.Validate(), Has.Count.EqualTo(2));
            Assert.That(new RendezvousOptions().Validate(), Is.Empty);
        });
    }

    private static DiscoveryManager Manager(RendezvousCommunity node, params IDiscoveryInterface[] interfaces)
        => new(interfaces, node.KeyParser, node.TimeProvider, ownKey: node.MyPeer.PublicKey);
}
