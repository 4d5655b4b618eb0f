using Ipv8.Bootstrapping;
using Ipv8.Messaging;
using Ipv8.Tests.Discovery;

namespace Ipv8.Tests.Bootstrapping;

/// <summary>The tracker rounds of a <see cref="DispersyBootstrapper"/> while its overlay has no peer (<see cref="DispersyBootstrapperOptions.PeerlessRetry"/>).</summary>
[TestFixture]
public sealed class DispersyBootstrapperPeerlessTests
{
    private static readonly UdpAddress Tracker = FakeOverlay.Address(99);

    [Test]
    public async Task GetAddresses_NoPeers_RoundsBackOffFromPeerlessRetryToBootstrapTimeout()
    {
        var overlay = new FakeOverlay();

        var rounds = await RoundTimesAsync(overlay, new DispersyBootstrapperOptions { IpAddresses = [Tracker], BootstrapTimeout = TimeSpan.FromSeconds(5) }, seconds: 13);

        Assert.That(rounds, Is.EqualTo(new[] { 0.0, 0.5, 1.5, 3.5, 7.5, 12.5 }), "0.5, 1, 2, 4 s, then bootstrap_timeout");
    }

    [Test]
    public async Task GetAddresses_OverlayHasPeers_RoundsEveryBootstrapTimeout()
    {
        var overlay = new FakeOverlay();
        overlay.AddPeer(1);

        var rounds = await RoundTimesAsync(overlay, new DispersyBootstrapperOptions { IpAddresses = [Tracker], BootstrapTimeout = TimeSpan.FromSeconds(5) }, seconds: 11);

        Assert.That(rounds, Is.EqualTo(new[] { 0.0, 5.0, 10.0 }));
    }

    [Test]
    public async Task GetAddresses_PeerlessRetryZero_RoundsEveryBootstrapTimeout()
    {
        var overlay = new FakeOverlay();

        var rounds = await RoundTimesAsync(overlay, new DispersyBootstrapperOptions { IpAddresses = [Tracker], BootstrapTimeout = TimeSpan.FromSeconds(5), PeerlessRetry = TimeSpan.Zero }, seconds: 11);

        Assert.That(rounds, Is.EqualTo(new[] { 0.0, 5.0, 10.0 }));
    }

    [Test]
    public async Task GetAddresses_PeersFoundThenLost_BackOffStartsAgainAfterAFullInterval()
    {
        var overlay = new FakeOverlay();
        var options = new DispersyBootstrapperOptions { IpAddresses = [Tracker], BootstrapTimeout = TimeSpan.FromSeconds(5) };
        var bootstrapper = new DispersyBootstrapper(options);
        await bootstrapper.GetAddressesAsync(overlay, TimeSpan.FromSeconds(1), CancellationToken.None); // t=0, peerless
        var peer = overlay.AddPeer(1);
        overlay.Clock.Advance(TimeSpan.FromSeconds(5));
        await bootstrapper.GetAddressesAsync(overlay, TimeSpan.FromSeconds(1), CancellationToken.None); // t=5, with a peer
        overlay.Network.RemovePeer(peer);

        var rounds = await RoundTimesAsync(overlay, bootstrapper, seconds: 7, offset: 5);

        Assert.That(rounds, Is.EqualTo(new[] { 10.0, 10.5, 11.5 }), "the round at 5 s had peers: a full interval, then the back-off");
    }

    private static Task<List<double>> RoundTimesAsync(FakeOverlay overlay, DispersyBootstrapperOptions options, int seconds)
        => RoundTimesAsync(overlay, new DispersyBootstrapper(options), seconds, offset: 0);

    /// <summary>Calls GetAddressesAsync every 100 ms of virtual time and returns the times (s) at which a round walked to the tracker.</summary>
    private static async Task<List<double>> RoundTimesAsync(FakeOverlay overlay, DispersyBootstrapper bootstrapper, int seconds, double offset)
    {
        var rounds = new List<double>();
        for (var tenth = 0; tenth <= seconds * 10; tenth++)
        {
            var before = bootstrapper.Walks;
            await bootstrapper.GetAddressesAsync(overlay, TimeSpan.FromSeconds(1), CancellationToken.None);
            if (bootstrapper.Walks > before)
            {
                rounds.Add(Math.Round(offset + (tenth / 10.0), 1));
            }

            overlay.Clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        return rounds;
    }
}
