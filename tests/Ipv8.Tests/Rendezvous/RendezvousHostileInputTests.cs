using Ipv8.Messaging;
using Ipv8.Rendezvous;

namespace Ipv8.Tests.Rendezvous;

/// <summary>The rendezvous point under hostile input: forged records, cookies, unproven sources, fuzzed datagrams.</summary>
public class RendezvousHostileInputTests
{
    [Test]
    public async Task Register_ForgedRecords_RefusedAndCounted()
    {
        var bed = new RendezvousBed(21);
        var point = await bed.AddPointAsync(1);
        var client = await bed.AddAsync(2);
        var other = await bed.AddAsync(3);
        var target = point.Endpoint.LocalAddress;
        await bed.RunAsync(client.RegisterAsync(target, "warmup"));
        var hour = TimeSpan.FromHours(1);
        var othersRecord = other.CreateRecord("OddClub", hour);
        var otherNamespace = client.CreateRecord("EvenGang", hour);
        var expired = client.CreateRecord("OddClub", TimeSpan.FromSeconds(1));
        var good = client.CreateRecord("OddClub", hour);
        var badSignature = good with { Signature = good.Signature.ToArray().Select((b, i) => i == 0 ? (byte)(b ^ 1) : b).ToArray() };
        bed.Advance(TimeSpan.FromSeconds(2));
        client.SendRaw(target, RegisterPayload.MessageId, new RegisterPayload(1, "OddClub", 0, othersRecord));
        client.SendRaw(target, RegisterPayload.MessageId, new RegisterPayload(2, "OddClub", 0, otherNamespace));
        client.SendRaw(target, RegisterPayload.MessageId, new RegisterPayload(3, "OddClub", 0, expired));
        client.SendRaw(target, RegisterPayload.MessageId, new RegisterPayload(4, "OddClub", 0, badSignature));
        bed.Advance(TimeSpan.FromSeconds(1));
        var answers = WireLog.Payloads<RegisterResponsePayload>(bed.Sent, target, client.Endpoint.LocalAddress, RegisterResponsePayload.MessageId).ToDictionary(a => a.Identifier);
        Assert.Multiple(() =>
        {
            Assert.That(answers[1].Status, Is.EqualTo(RegistrationStatus.InvalidSignedPeerRecord));
            Assert.That(answers[2].Status, Is.EqualTo(RegistrationStatus.InvalidNamespace));
            Assert.That(answers[3].Status, Is.EqualTo(RegistrationStatus.InvalidSignedPeerRecord));
            Assert.That(answers[4].Status, Is.EqualTo(RegistrationStatus.InvalidSignedPeerRecord));
            Assert.That(point.GetCount(RendezvousCounter.RefusedForgedKey), Is.EqualTo(1));
            Assert.That(point.GetCount(RendezvousCounter.RefusedWrongNamespace), Is.EqualTo(1));
            Assert.That(point.GetCount(RendezvousCounter.RefusedExpiredRecord), Is.EqualTo(1));
            Assert.That(point.GetCount(RendezvousCounter.RefusedBadRecordSignature), Is.EqualTo(1));
            Assert.That(point.RegistrationCount, Is.EqualTo(1), "only the warm-up registration");
        });
    }

    [Test]
    public async Task Register_UnprovenSource_NothingSentBack()
    {
        var bed = new RendezvousBed(22);
        var point = await bed.AddPointAsync(1);
        var stranger = await bed.AddAsync(2);
        var target = point.Endpoint.LocalAddress;
        stranger.SendRaw(target, RegisterPayload.MessageId, new RegisterPayload(1, "OddClub", 0, stranger.CreateRecord("OddClub", TimeSpan.FromHours(1))));
        stranger.SendRaw(target, DiscoverPayload.MessageId, new DiscoverPayload(2, "OddClub", 0, ReadOnlyMemory<byte>.Empty));
        bed.Advance(TimeSpan.FromSeconds(2));
        Assert.Multiple(() =>
        {
            Assert.That(bed.Sent.Count(d => d.Source == target), Is.Zero, "nothing is sent to an unproven source");
            Assert.That(point.GetCount(RendezvousCounter.RefusedUnproven), Is.EqualTo(2));
            Assert.That(point.RegistrationCount, Is.Zero);
        });
    }

    [Test]
    public async Task Discover_TamperedReplayedCrossNamespaceForeignAndExpiredCookies_RefusedAndCounted()
    {
        var bed = new RendezvousBed(23);
        var point = await bed.AddPointAsync(1);
        var target = point.Endpoint.LocalAddress;
        var clients = new List<RendezvousCommunity>();
        for (var i = 0; i < 30; i++)
        {
            clients.Add(await bed.AddAsync(100 + i));
        }

        await bed.RunAllAsync([.. clients.Select(c => c.RegisterAsync(target, "EvenGang"))]);
        await bed.RunAllAsync([.. clients.Take(10).Select(c => c.RegisterAsync(target, "OddClub"))]);
        var seeker = clients[0];
        var other = clients[1];
        var first = Page(bed, seeker, target, 1, "EvenGang", 10, ReadOnlyMemory<byte>.Empty);
        var cookie = first.Cookie;
        var tampered = cookie.ToArray();
        tampered[5] ^= 0x40;
        var tamperedAnswer = Page(bed, seeker, target, 2, "EvenGang", 0, tampered);
        var crossNamespace = Page(bed, seeker, target, 3, "OddClub", 0, cookie);
        var foreign = Page(bed, other, target, 4, "EvenGang", 0, cookie);
        var second = Page(bed, seeker, target, 5, "EvenGang", 1000, cookie);
        var replayed = Page(bed, seeker, target, 6, "EvenGang", 0, cookie);
        var fresh = Page(bed, seeker, target, 7, "EvenGang", 0, ReadOnlyMemory<byte>.Empty);
        bed.Advance(TimeSpan.FromMinutes(6));
        await bed.RunAsync(seeker.RegisterAsync(target, "refresh-proof"));
        var expired = Page(bed, seeker, target, 8, "EvenGang", 0, fresh.Cookie);
        Assert.Multiple(() =>
        {
            Assert.That(first.Records, Is.Not.Empty);
            Assert.That(cookie.Length, Is.GreaterThan(0), "10 records need more than one page");
            Assert.That(first.Records.Count + second.Records.Count, Is.EqualTo(10), "a cookie never raises the first page's limit");
            Assert.That(second.Cookie.Length, Is.Zero);
            Assert.That(tamperedAnswer.Status, Is.EqualTo(RegistrationStatus.InvalidCookie));
            Assert.That(crossNamespace.Status, Is.EqualTo(RegistrationStatus.InvalidCookie));
            Assert.That(foreign.Status, Is.EqualTo(RegistrationStatus.InvalidCookie));
            Assert.That(replayed.Status, Is.EqualTo(RegistrationStatus.InvalidCookie));
            Assert.That(expired.Status, Is.EqualTo(RegistrationStatus.InvalidCookie));
            Assert.That(new[] { tamperedAnswer, crossNamespace, foreign, replayed, expired }.All(a => a.Records.Count == 0), Is.True);
            Assert.That(point.GetCount(RendezvousCounter.RefusedCookieTampered), Is.EqualTo(3));
            Assert.That(point.GetCount(RendezvousCounter.RefusedCookieReplayed), Is.EqualTo(1));
            Assert.That(point.GetCount(RendezvousCounter.RefusedCookieExpired), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task OnDatagram_FuzzedRendezvousMessages_NoCrashAndStillServing()
    {
        var bed = new RendezvousBed(24);
        var point = await bed.AddPointAsync(1);
        var client = await bed.AddAsync(2);
        var target = point.Endpoint.LocalAddress;
        await bed.RunAsync(client.RegisterAsync(target, "OddClub"));
        await bed.RunAsync(client.DiscoverAsync(target, "OddClub"));
        var seeds = bed.Sent.Where(d => d.Destination == target && d.Data[22] is >= 1 and <= 6).Select(d => d.Data).ToList();
        Assert.That(seeds, Is.Not.Empty);
        var random = new Random(24);
        for (var i = 0; i < 20_000; i++)
        {
            var data = seeds[random.Next(seeds.Count)].ToArray();
            switch (random.Next(4))
            {
                case 0:
                    data[23 + random.Next(data.Length - 23)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    data = data[..random.Next(23, data.Length)];
                    break;
                case 2:
                    data = [.. data, .. Enumerable.Range(0, random.Next(1, 64)).Select(_ => (byte)random.Next(256))];
                    break;
                default:
                    random.NextBytes(data.AsSpan(23 + random.Next(data.Length - 23)));
                    break;
            }

            point.OnDatagram(client.Endpoint.LocalAddress, data);
        }

        var counters = point.GetCounters();
        var after = await bed.RunAsync(client.DiscoverAsync(target, "OddClub"));
        Assert.Multiple(() =>
        {
            Assert.That(counters.Drops[DropReason.HandlerFailed], Is.Zero, "no handler threw");
            Assert.That(counters.Drops.Values.Sum(), Is.GreaterThan(15_000), "the mutations were dropped and counted");
            Assert.That(after.Records, Has.Count.EqualTo(1), "still serving");
            Assert.That(point.RegistrationCount, Is.EqualTo(1));
        });
    }

    private static DiscoverResponsePayload Page(RendezvousBed bed, RendezvousCommunity from, UdpAddress target, uint id, string ns, ushort limit, ReadOnlyMemory<byte> cookie)
    {
        from.SendRaw(target, DiscoverPayload.MessageId, new DiscoverPayload(id, ns, limit, cookie));
        bed.Advance(TimeSpan.FromMilliseconds(500));
        return WireLog.Payloads<DiscoverResponsePayload>(bed.Sent, target, from.Endpoint.LocalAddress, DiscoverResponsePayload.MessageId).Single(p => p.Identifier == id);
    }
}
