using System.Net;
using Ipv8.Tracker;
using Launcher.Hosting;
using Launcher.Tests.Support;

namespace Launcher.Tests.Hosting;

public sealed class HostedTrackerBudgetTests
{
    [TestCase(1, 51, 102)]
    [TestCase(10, 60, 120)]
    [TestCase(200, 250, 500)]
    public void ForLocalInstances_DeclaredWithoutLoopbackBudget_SizesItForTheInstances(int instances, double rate, double burst)
    {
        var declared = new TrackerHostOptions { ListenAddress = IPAddress.Loopback, ListenPort = 0, Tracker = new TrackerOptions() };

        var hosted = HostedTracker.ForLocalInstances(declared, instances).Tracker;

        Assert.Multiple(() =>
        {
            Assert.That(hosted.LoopbackRequestsPerSecond, Is.EqualTo(rate));
            Assert.That(hosted.LoopbackRequestBurst, Is.EqualTo(burst));
            Assert.That(hosted with { LoopbackRequestsPerSecond = 0, LoopbackRequestBurst = 0 }, Is.EqualTo(new TrackerOptions()), "every other limit (the /24, per-address and global budgets) unchanged");
            Assert.That(() => hosted.ThrowIfInvalid(), Throws.Nothing);
        });
    }

    [Test]
    public void ForLocalInstances_LoopbackBudgetDeclaredInLimits_KeepsIt()
    {
        var yaml = """
            tracker:
              port: 0
              limits:
                loopback_requests_per_second: 3
                loopback_request_burst: 4
            """;
        var declared = TestFiles.Load("overlays.yaml", yaml).Tracker!.ToHostOptions();

        var hosted = HostedTracker.ForLocalInstances(declared, 200).Tracker;

        Assert.Multiple(() =>
        {
            Assert.That(hosted.LoopbackRequestsPerSecond, Is.EqualTo(3));
            Assert.That(hosted.LoopbackRequestBurst, Is.EqualTo(4));
        });
    }

    [Test]
    public void ToHostOptions_StandaloneTracker_HasNoLoopbackBudget() =>
        Assert.That(TestFiles.Load("overlays.yaml", "tracker:\n  port: 9000\n").Tracker!.ToHostOptions().Tracker.HasLoopbackBudget, Is.False);
}
