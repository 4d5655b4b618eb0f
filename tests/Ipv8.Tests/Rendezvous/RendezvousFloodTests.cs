using Ipv8.Messaging;
using Ipv8.Rendezvous;

namespace Ipv8.Tests.Rendezvous;

/// <summary>
/// Registration floods against one rendezvous point: 100,000 namespaces from one key and from 1,000 keys. Memory stays under
/// the bound, every refusal is counted, and legitimate clients (in a /24 of their own) keep being served.
/// </summary>
public class RendezvousFloodTests
{
    private const int Namespaces = 100_000;

    [Test]
    public async Task Register_100000NamespacesFromOneKey_CappedPerKeyLegitimateStillServed()
    {
        var bed = new RendezvousBed(31);
        var point = await bed.AddPointAsync(1);
        var target = point.Endpoint.LocalAddress;
        var flooder = await bed.AddAsync(2);
        bed.SkipToNextPrefix();
        var legit = await AddLegitimateAsync(bed, target);
        Assert.That((await bed.RunAsync(flooder.RegisterAsync(target, "ns0"))).Succeeded, Is.True);

        // Valid records for the first namespaces; past the per-key cap the point refuses before verifying the record, so
        // the rest reuse one signature (a flooder would not bother signing either).
        var template = flooder.CreateRecord("ns0", TimeSpan.FromHours(2));
        var (served, asked) = (0, 0);
        for (var i = 1; i < Namespaces; i++)
        {
            var ns = "ns" + i;
            var record = i <= 2500 ? flooder.CreateRecord(ns, TimeSpan.FromHours(2)) : template with { Namespace = ns };
            flooder.SendRaw(target, RegisterPayload.MessageId, new RegisterPayload((uint)i, ns, 0, record));
            if (i % 20 == 0)
            {
                bed.Clock.Advance(RendezvousBed.Step);
            }

            if (i % 10_000 == 0)
            {
                var seeker = legit[(i / 10_000) % legit.Count];
                var found = await bed.RunAsync(seeker.DiscoverAsync(target, "legit"));
                served += found.Records.Count;
                asked += legit.Count;
            }
        }

        bed.Advance(TimeSpan.FromSeconds(2));
        var counters = point.GetCounters();
        var refused = TotalRefused(point);
        Assert.Multiple(() =>
        {
            Assert.That(point.RegistrationCount, Is.EqualTo(point.Options.MaxRegistrationsPerKey + legit.Count), "the flooder holds exactly the per-key cap");
            Assert.That(point.RegistrationBytes, Is.LessThanOrEqualTo((long)point.Options.MaxRegistrations * RendezvousOptions.MaxBytesPerRegistration));
            Assert.That(point.GetCount(RendezvousCounter.RefusedKeyFull), Is.GreaterThan(0));
            Assert.That(refused, Is.EqualTo(Namespaces - point.Options.MaxRegistrationsPerKey), "every flooded registration past the cap was refused and counted");
            Assert.That(served, Is.GreaterThanOrEqualTo(asked * 95 / 100), "legitimate discoveries served");
            Assert.That(counters.ToFlatDictionary()["rendezvous_refused_key_full"], Is.EqualTo(point.GetCount(RendezvousCounter.RefusedKeyFull)));
        });
    }

    [Test]
    public async Task Register_100000NamespacesFrom1000Keys_CappedPerPrefixLegitimateStillServed()
    {
        var bed = new RendezvousBed(32);
        var point = await bed.AddPointAsync(1);
        var target = point.Endpoint.LocalAddress;
        var flooders = new List<RendezvousCommunity>();
        for (var i = 0; i < 1000; i++)
        {
            flooders.Add(await bed.AddAsync(1000 + i));
        }

        bed.SkipToNextPrefix();
        var legit = await AddLegitimateAsync(bed, target);
        // Some first walks fall to the point's per-prefix budget for unproven sources: those flooders stay unproven.
        var warmups = await bed.RunAllAsync([.. flooders.Select(f => f.RegisterAsync(target, "f0"))], TimeSpan.FromMinutes(2));
        var (served, asked) = (0, 0);
        for (var round = 1; round < Namespaces / flooders.Count; round++)
        {
            foreach (var flooder in flooders)
            {
                var ns = "f" + round;
                flooder.SendRaw(target, RegisterPayload.MessageId, new RegisterPayload((uint)round, ns, 0, flooder.CreateRecord(ns, TimeSpan.FromHours(2))));
            }

            bed.Clock.Advance(TimeSpan.FromMilliseconds(500));
            if (round % 10 == 0)
            {
                var found = await bed.RunAsync(legit[round % legit.Count].DiscoverAsync(target, "legit"));
                served += found.Records.Count;
                asked += legit.Count;
            }
        }

        bed.Advance(TimeSpan.FromSeconds(2));
        var fromFlooders = point.RegistrationCount - legit.Count;
        var refused = TotalRefused(point);
        var late = await bed.RunAllAsync([.. legit.Select(l => l.RegisterAsync(target, "legit-late"))]);
        Assert.Multiple(() =>
        {
            Assert.That(fromFlooders, Is.LessThanOrEqualTo(4 * point.Options.MaxRegistrationsPerPrefix), "1,000 flooders in 4 /24 prefixes hold at most 4 prefixes' worth");
            Assert.That(point.RegistrationBytes, Is.LessThanOrEqualTo((long)point.Options.MaxRegistrations * RendezvousOptions.MaxBytesPerRegistration));
            var transmitted = (Namespaces - flooders.Count) + warmups.Count(w => w.Status is not null);
            Assert.That(refused, Is.EqualTo(transmitted - fromFlooders), "every flooded registration not stored was refused and counted");
            Assert.That(point.GetCount(RendezvousCounter.RefusedPrefixFull), Is.GreaterThan(0));
            Assert.That(served, Is.GreaterThanOrEqualTo(asked * 95 / 100), "legitimate discoveries served");
            Assert.That(late.Count(r => r.Succeeded), Is.GreaterThanOrEqualTo(legit.Count * 95 / 100), "legitimate registrations after the flood served");
        });
    }

    /// <summary>Returns every refusal of a registration: the point's own (<c>rendezvous_refused_*</c>) and the receive limiter's drops.</summary>
    private static long TotalRefused(RendezvousCommunity point)
    {
        var flat = point.GetCounters().ToFlatDictionary();
        return flat.Where(p => p.Key.StartsWith("rendezvous_refused_", StringComparison.Ordinal)).Sum(p => p.Value)
               + point.GetCounters().Drops[DropReason.RateLimitedAddress];
    }

    /// <summary>Adds 20 legitimate clients (in the current /24) and registers each under "legit".</summary>
    private static async Task<List<RendezvousCommunity>> AddLegitimateAsync(RendezvousBed bed, UdpAddress target)
    {
        var legit = new List<RendezvousCommunity>();
        for (var i = 0; i < 20; i++)
        {
            legit.Add(await bed.AddAsync(500 + i));
        }

        var results = await bed.RunAllAsync([.. legit.Select(l => l.RegisterAsync(target, "legit"))]);
        Assert.That(results.All(r => r.Succeeded), Is.True, "legitimate registrations before the flood");
        return legit;
    }
}
