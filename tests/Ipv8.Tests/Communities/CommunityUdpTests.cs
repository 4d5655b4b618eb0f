using System.Diagnostics;
using Ipv8.Messaging;

namespace Ipv8.Tests.Communities;

/// <summary>End-to-end over real UDP sockets on 127.0.0.1 (port 0): the same code as on the simulated network.</summary>
public class CommunityUdpTests
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Test]
    public async Task Walk_TwoPeersAndIntroducerOnLoopback_FindEachOther()
    {
        var endpoints = new List<UdpEndpoint>();
        var overlays = new List<TestOverlay>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var endpoint = new UdpEndpoint(new UdpEndpointOptions { BindAddress = UdpAddress.Parse("127.0.0.1:0") });
                endpoints.Add(endpoint);
                overlays.Add(await TestOverlay.CreateAsync(endpoint, 100 + i));
            }

            var (a, introducer, c) = (overlays[0], overlays[1], overlays[2]);
            var introducerAddress = introducer.Endpoint.LocalAddress;
            var watch = Stopwatch.StartNew();
            while (!(CommunityWalkTests.Knows(a, c) && CommunityWalkTests.Knows(c, a)) && watch.Elapsed < Deadline)
            {
                foreach (var overlay in new[] { a, c })
                {
                    if (overlay.GetPeers().Count == 0)
                    {
                        overlay.WalkTo(introducerAddress);
                    }
                    else
                    {
                        foreach (var address in overlay.GetWalkableAddresses())
                        {
                            overlay.WalkTo(address);
                        }

                        overlay.GetNewIntroduction();
                    }
                }

                await Task.Delay(PollInterval);
            }

            Assert.Multiple(() =>
            {
                Assert.That(CommunityWalkTests.Knows(a, c), Is.True, "A verified C within the deadline");
                Assert.That(CommunityWalkTests.Knows(c, a), Is.True, "C verified A within the deadline");
                Assert.That(a.Network.GetVerifiedByAddress(c.Endpoint.LocalAddress)?.PublicKey, Is.EqualTo(c.MyPeer.PublicKey));
                Assert.That(a.Drops[DropReason.HandlerFailed] + c.Drops[DropReason.HandlerFailed] + introducer.Drops[DropReason.HandlerFailed], Is.Zero);
            });
        }
        finally
        {
            foreach (var overlay in overlays)
            {
                await overlay.DisposeAsync();
            }

            foreach (var endpoint in endpoints)
            {
                await endpoint.CloseAsync();
            }
        }

        Assert.That(endpoints.All(e => !e.IsOpen), Is.True);
    }
}
