using Ipv8.Discovery;

namespace Ipv8.Tests.Discovery;

public class EdgeWalkTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    [Test]
    public void TakeStep_SmallNeighborhood_BootstrapsAndWalksToFirstWalkableAddresses()
    {
        var overlay = new FakeOverlay();
        var introducer = overlay.AddPeer(1);
        for (var i = 10; i < 20; i++)
        {
            overlay.AddWalkable(i, introducer);
        }

        var walk = new EdgeWalk(overlay, new EdgeWalkOptions { NeighborhoodSize = 3 });
        walk.TakeStep();

        Assert.Multiple(() =>
        {
            Assert.That(overlay.Bootstraps, Is.EqualTo(1));
            Assert.That(overlay.Walks, Is.EqualTo(new[] { FakeOverlay.Address(10), FakeOverlay.Address(11), FakeOverlay.Address(12) }));
            Assert.That(walk.Neighborhood, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void TakeStep_FullNeighborhood_StartsOneEdgePerRootThenGrowsThem()
    {
        var overlay = new FakeOverlay();
        var a = overlay.AddPeer(1);
        var b = overlay.AddPeer(2);
        var walk = new EdgeWalk(overlay, new EdgeWalkOptions { NeighborhoodSize = 2, EdgeLength = 3 });
        walk.TakeStep();
        walk.TakeStep();
        walk.TakeStep();
        var rootsAsked = overlay.IntroductionRequests.ToList();

        // A introduced one verified peer (3) and one unverified address (4).
        var c = overlay.AddPeer(3);
        overlay.Network.DiscoverAddress(a, FakeOverlay.Address(3), overlay.Service);
        overlay.Network.DiscoverAddress(a, FakeOverlay.Address(4), overlay.Service);
        overlay.Walks.Clear();
        walk.TakeStep();

        Assert.Multiple(() =>
        {
            Assert.That(rootsAsked, Is.EquivalentTo(new[] { a, b }), "one introduction request per free root");
            Assert.That(walk.EdgesUnderConstruction, Is.EqualTo(2));
            Assert.That(walk.GetEdgeUnderConstruction(a), Is.EqualTo(new[] { a, c }));
            Assert.That(overlay.Walks, Is.EquivalentTo(new[] { FakeOverlay.Address(4), FakeOverlay.Address(3) }), "walks to the unverified introduction and to the new tail");
        });
    }

    [Test]
    public void TakeStep_EdgeReachesLength_CompletesAndFreesRoot()
    {
        var overlay = new FakeOverlay();
        var a = overlay.AddPeer(1);
        var walk = new EdgeWalk(overlay, new EdgeWalkOptions { NeighborhoodSize = 1, EdgeLength = 2 });
        walk.TakeStep();
        walk.TakeStep();
        var c = overlay.AddPeer(3);
        overlay.Network.DiscoverAddress(a, FakeOverlay.Address(3), overlay.Service);
        walk.TakeStep();

        Assert.Multiple(() =>
        {
            Assert.That(walk.GetCompleteEdges(), Has.Count.EqualTo(1));
            Assert.That(walk.GetCompleteEdges()[0], Is.EqualTo(new[] { a, c }));
            Assert.That(walk.EdgesUnderConstruction, Is.Zero);
        });
    }

    [Test]
    public void TakeStep_NoProgressForEdgeTimeout_DropsEdgeOfOnlyTheRoot()
    {
        var overlay = new FakeOverlay();
        overlay.AddPeer(1);
        var walk = new EdgeWalk(overlay, new EdgeWalkOptions { NeighborhoodSize = 1 });
        walk.TakeStep();
        walk.TakeStep();
        var underConstruction = new List<int>();
        for (var i = 0; i < 8; i++)
        {
            overlay.Clock.Advance(Tick);
            walk.TakeStep();
            underConstruction.Add(walk.EdgesUnderConstruction);
        }

        Assert.Multiple(() =>
        {
            // Progress noted at 0 s; the edge ends at the first step more than 3 s later (3.5 s), and the root restarts at 4 s.
            Assert.That(underConstruction, Is.EqualTo(new[] { 1, 1, 1, 1, 1, 1, 0, 1 }));
            Assert.That(walk.GetCompleteEdges(), Is.Empty, "an edge of the root alone is not kept");
        });
    }

    [Test]
    public void Validate_EdgeLengthOne_IsAnError()
        => Assert.That(new EdgeWalkOptions { EdgeLength = 1 }.Validate(), Has.One.StartsWith("edge_length"));
}
