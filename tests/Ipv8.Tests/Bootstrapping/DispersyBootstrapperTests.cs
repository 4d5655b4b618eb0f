using System.Net;
using System.Net.Sockets;
using Ipv8.Bootstrapping;
using Ipv8.Communities;
using Ipv8.Simulation;
using Ipv8.Tests.Endpoints;
using Ipv8.Tests.Tracker;

namespace Ipv8.Tests.Bootstrapping;

[TestFixture]
public sealed class DispersyBootstrapperTests
{
    [Test]
    public async Task GetAddresses_UnresolvableNameAndVirtualClock_LogsRetriesAfterTimeoutAndRateLimits()
    {
        // The first host stands in for a tracker: only its address is used, and it stays closed.
        await using var swarm = await SimulatedSwarm.CreateBuilder(4).WithCommunityId(TestOverlays.CommunityId).AddPeer(p => p.Closed()).BuildAsync();
        var network = swarm.Network;
        var tracker = swarm.Peers[0].Address;
        var resolver = new FakeResolver(new() { ["tracker.example"] = tracker.ToIPAddress() });
        var logger = new CapturingLogger();
        var bootstrapper = new DispersyBootstrapper(
            // py-ipv8's fixed interval (the peerless back-off is tested on its own below).
            new DispersyBootstrapperOptions { DnsAddresses = [new DnsAddress("bad.invalid", 1), new DnsAddress("tracker.example", tracker.Port)], PeerlessRetry = TimeSpan.Zero },
            resolver,
            logger);
        var community = (await swarm.AddPeerAsync(p => p.Bootstrappers(_ => [bootstrapper]).Community(s => new Community(s)))).Community;

        community.GetNewIntroduction();
        for (var i = 0; i < 10; i++)
        {
            network.Clock.Advance(TimeSpan.FromSeconds(1));
            community.GetNewIntroduction();
        }

        Assert.Multiple(() =>
        {
            Assert.That(bootstrapper.IsInitialized, Is.True);
            Assert.That(resolver.Calls("bad.invalid"), Is.EqualTo(1));
            Assert.That(bootstrapper.ResolutionFailures, Is.EqualTo(1));
            Assert.That(logger.Events.Select(e => e.Id), Does.Contain(7001));
            Assert.That(bootstrapper.UnresolvedNames, Is.EqualTo(new[] { new DnsAddress("bad.invalid", 1) }));
            Assert.That(bootstrapper.Walks, Is.EqualTo(1), "one round within the bootstrap timeout");
            Assert.That(bootstrapper.RateLimitedCalls, Is.EqualTo(10));
            Assert.That(bootstrapper.Blacklist(), Is.EqualTo(new[] { tracker }));
            Assert.That(community.Network.IsBlacklisted(tracker), Is.True);
        });

        network.Clock.Advance(TimeSpan.FromSeconds(20));
        community.GetNewIntroduction();

        Assert.Multiple(() =>
        {
            Assert.That(resolver.Calls("bad.invalid"), Is.EqualTo(2), "retried at the next due round");
            Assert.That(resolver.Calls("tracker.example"), Is.EqualTo(1), "resolved names are not resolved again");
            Assert.That(bootstrapper.Walks, Is.EqualTo(2));
            Assert.That(community.GetPeers(), Is.Empty);
        });
        await community.DisposeAsync();
    }

    [Test]
    public async Task KeepAlive_SeveralBootstrappers_WalksToOneTrackerEachAndNeverCountsThemAsPeers()
    {
        // Two closed hosts stand in for trackers; the third peer bootstraps through both.
        DispersyBootstrapper? first = null, second = null;
        await using var swarm = await SimulatedSwarm.CreateBuilder(8)
            .WithCommunityId(TestOverlays.CommunityId)
            .AddPeers(2, p => p.Closed())
            .AddPeer(p => p.Bootstrappers(_ =>
            [
                first = new DispersyBootstrapper(new DispersyBootstrapperOptions { IpAddresses = [p.Swarm.Peers[0].Address] }),
                second = new DispersyBootstrapper(new DispersyBootstrapperOptions { IpAddresses = [p.Swarm.Peers[1].Address] }),
            ]).Community(s => new Community(s)))
            .BuildAsync();
        var (t1, t2, community) = (swarm.Peers[0].Host, swarm.Peers[1].Host, swarm.Peers[2].Community);

        community.GetNewIntroduction();
        first!.KeepAlive(community);
        second!.KeepAlive(community);

        Assert.Multiple(() =>
        {
            Assert.That(first!.Walks, Is.EqualTo(2));
            Assert.That(second!.Walks, Is.EqualTo(2));
            Assert.That(community.Network.IsBlacklisted(t1.Address) && community.Network.IsBlacklisted(t2.Address), Is.True);
            Assert.That(community.GetWalkableAddresses(), Is.Empty);
        });
        await community.DisposeAsync();
    }

    private sealed class FakeResolver(Dictionary<string, IPAddress> names) : IHostNameResolver
    {
        private readonly Dictionary<string, int> _calls = [];

        public int Calls(string host) => _calls.GetValueOrDefault(host);

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        {
            _calls[host] = Calls(host) + 1;
            return names.TryGetValue(host, out var ip)
                ? Task.FromResult(new[] { IPAddress.IPv6Loopback, ip })
                : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));
        }
    }
}
