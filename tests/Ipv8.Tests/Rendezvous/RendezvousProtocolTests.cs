using Ipv8.Rendezvous;

namespace Ipv8.Tests.Rendezvous;

/// <summary>The rendezvous protocol between a point and clients on the simulated network.</summary>
public class RendezvousProtocolTests
{
    [Test]
    public async Task RegisterAsync_ProvenClient_StoredAndDiscoverable()
    {
        var bed = new RendezvousBed(1);
        var point = await bed.AddPointAsync(1);
        var alice = await bed.AddAsync(2);
        var bob = await bed.AddAsync(3);
        var registered = await bed.RunAsync(alice.RegisterAsync(point.Endpoint.LocalAddress, "OddClub"));
        var found = await bed.RunAsync(bob.DiscoverAsync(point.Endpoint.LocalAddress, "OddClub"));
        Assert.Multiple(() =>
        {
            Assert.That(registered.Succeeded, Is.True);
            Assert.That(registered.GrantedTtl, Is.EqualTo(TimeSpan.FromHours(2)));
            Assert.That(point.RegistrationCount, Is.EqualTo(1));
            Assert.That(found.Complete, Is.True);
            Assert.That(found.Records, Has.Count.EqualTo(1));
            Assert.That(found.Records[0].KeyBin.ToArray(), Is.EqualTo(alice.MyPeer.PublicKey.KeyBin.ToArray()));
            Assert.That(found.Records[0].Addresses, Does.Contain(alice.Endpoint.LocalAddress));
            Assert.That(point.GetCount(RendezvousCounter.RegistrationsAccepted), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task DiscoverAsync_OtherNamespace_ReturnsNothing()
    {
        var bed = new RendezvousBed(2);
        var point = await bed.AddPointAsync(1);
        var alice = await bed.AddAsync(2);
        await bed.RunAsync(alice.RegisterAsync(point.Endpoint.LocalAddress, "OddClub"));
        var even = await bed.RunAsync(alice.DiscoverAsync(point.Endpoint.LocalAddress, "EvenGang"));
        var all = await bed.RunAsync(alice.DiscoverAsync(point.Endpoint.LocalAddress, null));
        Assert.Multiple(() =>
        {
            Assert.That(even.Records, Is.Empty);
            Assert.That(even.Complete, Is.True);
            Assert.That(all.Records.Select(r => r.Namespace), Is.EqualTo(new[] { "OddClub" }));
        });
    }

    [Test]
    public async Task DiscoverAsync_ManyRegistrations_PaginatedDatagramsUnder1400BytesAllDistinct()
    {
        var bed = new RendezvousBed(3);
        var point = await bed.AddPointAsync(1);
        var clients = new List<RendezvousCommunity>();
        for (var i = 0; i < 60; i++)
        {
            clients.Add(await bed.AddAsync(100 + i));
        }

        var registrations = clients.Select(c => c.RegisterAsync(point.Endpoint.LocalAddress, "EvenGang")).ToArray();
        var results = await bed.RunAllAsync(registrations);
        var seeker = await bed.AddAsync(2);
        bed.Sent.Clear();
        var found = await bed.RunAsync(seeker.DiscoverAsync(point.Endpoint.LocalAddress, "EvenGang"));
        var pages = bed.Sent.Where(d => d.Source == point.Endpoint.LocalAddress && d.Data[22] == DiscoverResponsePayload.MessageId).ToList();
        var limited = await bed.RunAsync(seeker.DiscoverAsync(point.Endpoint.LocalAddress, "EvenGang", limit: 7));
        Assert.Multiple(() =>
        {
            Assert.That(results.All(r => r.Succeeded), Is.True);
            Assert.That(found.Records, Has.Count.EqualTo(60));
            Assert.That(found.Records.Select(r => Convert.ToHexString(r.KeyBin.Span)).Distinct().Count(), Is.EqualTo(60));
            Assert.That(found.Pages, Is.GreaterThan(5), "60 records of ~170 bytes need several datagrams");
            Assert.That(found.Complete, Is.True);
            Assert.That(limited.Records, Has.Count.EqualTo(7));
            Assert.That(point.GetCount(RendezvousCounter.DiscoverPagesServed), Is.GreaterThanOrEqualTo(found.Pages + limited.Pages));
            Assert.That(pages, Has.Count.EqualTo(found.Pages));
            Assert.That(pages.Max(d => d.Data.Length), Is.LessThanOrEqualTo(1400).And.GreaterThan(1000), "pages are filled up to the limit");
        });
    }
}
