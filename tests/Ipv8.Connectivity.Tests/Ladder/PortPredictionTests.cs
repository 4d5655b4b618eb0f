using Ipv8.Connectivity.Ladder;
using Ipv8.Connectivity.Nat;

namespace Ipv8.Connectivity.Tests.Ladder;

public class PortPredictionTests
{
    [Test]
    public void Candidates_SequentialNatWithProbe_OffersTheNextDeltaSteps()
    {
        var nat = new NatClass(NatMapping.AddressAndPortDependent, NatFiltering.AddressAndPortDependent, PortAllocation.Sequential, 2);

        Assert.That(PortPrediction.Candidates(nat, 40000, probedPort: 51000, count: 3), Is.EqualTo(new[] { 51002, 51004, 51006 }));
    }

    [Test]
    public void Candidates_NegativeDeltaRunningOffTheBottom_WrapsIntoTheHighPorts()
    {
        var nat = new NatClass(NatMapping.AddressDependent, NatFiltering.AddressDependent, PortAllocation.Sequential, -3);

        var ports = PortPrediction.Candidates(nat, 40000, probedPort: 1026, count: 2);

        Assert.That(ports, Is.EqualTo(new[] { 65535, 65532 }));
    }

    [Test]
    public void Candidates_EndpointIndependentMapping_OffersTheProbedPort()
    {
        var nat = new NatClass(NatMapping.EndpointIndependent, NatFiltering.AddressAndPortDependent, PortAllocation.Random, 0);

        Assert.That(PortPrediction.Candidates(nat, 40000, probedPort: 61234, count: 3), Is.EqualTo(new[] { 61234 }));
    }

    [Test]
    public void Candidates_PreservingNatWithoutProbe_OffersTheLocalPort()
    {
        var nat = new NatClass(NatMapping.EndpointIndependent, NatFiltering.AddressAndPortDependent, PortAllocation.Preserving, 0);

        Assert.That(PortPrediction.Candidates(nat, 40000, probedPort: null, count: 3), Is.EqualTo(new[] { 40000 }));
    }

    [Test]
    public void Candidates_NoNat_OffersTheLocalPortWhateverTheProbeSaid()
    {
        var nat = new NatClass(NatMapping.NoNat, NatFiltering.Unknown, PortAllocation.Preserving, 0);

        Assert.That(PortPrediction.Candidates(nat, 40000, probedPort: 1, count: 3), Is.EqualTo(new[] { 40000 }));
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void Candidates_CountBelowOne_Throws(int count) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PortPrediction.Candidates(NatClass.Unknown, 40000, null, count));

    [Test]
    public void IsUnpredictable_OnlyRandomAllocationWithDestinationDependentMapping()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PortPrediction.IsUnpredictable(new NatClass(NatMapping.AddressAndPortDependent, NatFiltering.Unknown, PortAllocation.Random, 0)), Is.True);
            Assert.That(PortPrediction.IsUnpredictable(new NatClass(NatMapping.EndpointIndependent, NatFiltering.Unknown, PortAllocation.Random, 0)), Is.False);
            Assert.That(PortPrediction.IsUnpredictable(new NatClass(NatMapping.AddressAndPortDependent, NatFiltering.Unknown, PortAllocation.Sequential, 1)), Is.False);
            Assert.That(PortPrediction.IsUnpredictable(NatClass.Unknown), Is.False);
        });
    }
}
