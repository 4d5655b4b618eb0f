using Ipv8.Discovery;

namespace Ipv8.Tests.Discovery;

public class PeriodicSimilarityTests
{
    [Test]
    public void TakeStep_EveryHalfSecond_SendsAtMostOncePerSecond()
    {
        var overlay = new FakeOverlay();
        overlay.AddPeer(1);
        overlay.AddPeer(2);
        var strategy = new PeriodicSimilarity(overlay, new PeriodicSimilarityOptions());
        for (var i = 0; i < 20; i++)
        {
            strategy.TakeStep();
            overlay.Clock.Advance(TimeSpan.FromMilliseconds(500));
        }

        Assert.Multiple(() =>
        {
            Assert.That(overlay.SimilarityRequests, Has.Count.EqualTo(10), "at 0, 1, ..., 9 s");
            Assert.That(overlay.SimilarityRequests, Has.All.AnyOf(FakeOverlay.Address(1), FakeOverlay.Address(2)));
            Assert.That(overlay.SimilarityRequests.Distinct().Count(), Is.EqualTo(2), "a random peer each time");
        });
    }

    [Test]
    public void TakeStep_NoVerifiedPeers_SendsNothing()
    {
        var overlay = new FakeOverlay();
        var strategy = new PeriodicSimilarity(overlay, new PeriodicSimilarityOptions());

        strategy.TakeStep();

        Assert.That(overlay.SimilarityRequests, Is.Empty);
    }

    [Test]
    public void Constructor_OverlayWithoutSimilarity_Throws()
        => Assert.Throws<ArgumentException>(() => _ = new PeriodicSimilarity(new PlainFakeOverlay(new FakeOverlay()), new PeriodicSimilarityOptions()));
}
