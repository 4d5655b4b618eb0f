using Ipv8.Rendezvous;

namespace Ipv8.Tests.Rendezvous;

/// <summary>TTL clamping, expiry sweep, unregistering and re-registering at a rendezvous point.</summary>
public class RendezvousLifecycleTests
{
    [Test]
    public async Task Register_TtlExtremes_ClampedToMinimumAnd72Hours()
    {
        var bed = new RendezvousBed(11);
        var point = await bed.AddPointAsync(1);
        var client = await bed.AddAsync(2);
        var target = point.Endpoint.LocalAddress;
        Assert.That((await bed.RunAsync(client.RegisterAsync(target, "warmup"))).Succeeded, Is.True);
        var now = bed.Clock.GetUtcNow();
        var addresses = client.GetOwnAddresses();
        var longLived = SignedPeerRecord.Create(client.MyPeer.PrivateKey, "long", addresses, now + TimeSpan.FromHours(72) + TimeSpan.FromMinutes(3));
        var shortAsk = SignedPeerRecord.Create(client.MyPeer.PrivateKey, "short", addresses, now + TimeSpan.FromHours(1));
        client.SendRaw(target, RegisterPayload.MessageId, new RegisterPayload(7, "long", uint.MaxValue, longLived));
        client.SendRaw(target, RegisterPayload.MessageId, new RegisterPayload(8, "short", 1, shortAsk));
        client.SendRaw(target, RegisterPayload.MessageId, new RegisterPayload(9, "short", 0, shortAsk));
        bed.Advance(TimeSpan.FromSeconds(1));
        var answers = WireLog.Payloads<RegisterResponsePayload>(bed.Sent, target, client.Endpoint.LocalAddress, RegisterResponsePayload.MessageId).ToDictionary(a => a.Identifier);
        Assert.Multiple(() =>
        {
            Assert.That(answers[7].GrantedTtlSeconds, Is.EqualTo(72 * 3600), "a TTL above 72 h is lowered to 72 h");
            Assert.That(answers[8].GrantedTtlSeconds, Is.EqualTo(120), "a TTL below the minimum is raised to it (2 minutes)");
            Assert.That(answers[9].GrantedTtlSeconds, Is.InRange(3599, 3600), "the default (2 h) is cut to the record's own expiry");
            Assert.That(point.GetCount(RendezvousCounter.TtlClamped), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Sweep_AfterTtl_ExpiredRegistrationsRemovedAndNotDiscovered()
    {
        var bed = new RendezvousBed(12);
        var point = await bed.AddPointAsync(1, new RendezvousOptions { Serve = true, SweepInterval = TimeSpan.FromSeconds(30) });
        var client = await bed.AddAsync(2);
        var seeker = await bed.AddAsync(3);
        var target = point.Endpoint.LocalAddress;
        var registered = await bed.RunAsync(client.RegisterAsync(target, "OddClub", TimeSpan.FromMinutes(3)));
        var before = await bed.RunAsync(seeker.DiscoverAsync(target, "OddClub"));
        bed.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(31));
        var after = await bed.RunAsync(seeker.DiscoverAsync(target, "OddClub"));
        Assert.Multiple(() =>
        {
            Assert.That(registered.GrantedTtl, Is.EqualTo(TimeSpan.FromMinutes(3)));
            Assert.That(before.Records, Has.Count.EqualTo(1));
            Assert.That(point.RegistrationCount, Is.Zero, "the periodic sweep removed it");
            Assert.That(point.GetCount(RendezvousCounter.RegistrationsExpired), Is.EqualTo(1));
            Assert.That(after.Records, Is.Empty);
        });
    }

    [Test]
    public async Task UnregisterAsync_Registered_RemovedFromPoint()
    {
        var bed = new RendezvousBed(13);
        var point = await bed.AddPointAsync(1);
        var client = await bed.AddAsync(2);
        var target = point.Endpoint.LocalAddress;
        await bed.RunAsync(client.RegisterAsync(target, "OddClub"));
        await bed.RunAsync(client.RegisterAsync(target, "EvenGang"));
        var sent = await bed.RunAsync(client.UnregisterAsync(target, "OddClub"));
        bed.Advance(TimeSpan.FromSeconds(1));
        var all = await bed.RunAsync(client.DiscoverAsync(target, null));
        Assert.Multiple(() =>
        {
            Assert.That(sent, Is.True);
            Assert.That(point.GetCount(RendezvousCounter.Unregistrations), Is.EqualTo(1));
            Assert.That(all.Records.Select(r => r.Namespace), Is.EqualTo(new[] { "EvenGang" }));
        });
    }

    [Test]
    public async Task RegisterAsync_AgainBeforeExpiry_ReplacesWithoutGrowing()
    {
        var bed = new RendezvousBed(14);
        var point = await bed.AddPointAsync(1);
        var client = await bed.AddAsync(2);
        var target = point.Endpoint.LocalAddress;
        for (var i = 0; i < 5; i++)
        {
            Assert.That((await bed.RunAsync(client.RegisterAsync(target, "OddClub"))).Succeeded, Is.True);
            bed.Advance(TimeSpan.FromMinutes(2));
        }

        Assert.Multiple(() =>
        {
            Assert.That(point.RegistrationCount, Is.EqualTo(1));
            Assert.That(point.GetCount(RendezvousCounter.RegistrationsAccepted), Is.EqualTo(1));
            Assert.That(point.GetCount(RendezvousCounter.RegistrationsRefreshed), Is.EqualTo(4));
        });
    }

    [Test]
    public async Task Register_NotServing_RefusedAndCounted()
    {
        var bed = new RendezvousBed(15);
        var notPoint = await bed.AddAsync(1, maxPeers: 100);
        var client = await bed.AddAsync(2);
        var result = await bed.RunAsync(client.RegisterAsync(notPoint.Endpoint.LocalAddress, "OddClub"));
        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.Null, "no answer");
            Assert.That(notPoint.GetCount(RendezvousCounter.RefusedNotServing), Is.EqualTo(1));
            Assert.That(client.GetCount(RendezvousCounter.RequestTimeouts), Is.EqualTo(1));
            Assert.That(notPoint.GetCounters().ToFlatDictionary()["rendezvous_refused_not_serving"], Is.EqualTo(1));
        });
    }
}
