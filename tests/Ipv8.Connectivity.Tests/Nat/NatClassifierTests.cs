using System.Net;
using Ipv8.Connectivity.Nat;

namespace Ipv8.Connectivity.Tests.Nat;

public class NatClassifierTests
{
    private static readonly IPEndPoint Local = Ep("10.0.0.2", 5000);
    private static readonly IPEndPoint ReflectorA = Ep("198.51.100.10", 3478);
    private static readonly IPEndPoint ReflectorA2 = Ep("198.51.100.10", 3479);
    private static readonly IPEndPoint ReflectorB = Ep("198.51.100.20", 3478);
    private static readonly IPEndPoint ReflectorC = Ep("198.51.100.30", 3478);

    [Test]
    public void Classify_NoSamples_IsUnknown()
    {
        var result = NatClassifier.Classify([]);

        Assert.That(result.Class, Is.EqualTo(NatClass.Unknown));
    }

    [Test]
    public void Classify_ReflectorsSeeLocalEndpoint_IsNoNat()
    {
        var result = NatClassifier.Classify([new(Local, ReflectorA, Local), new(Local, ReflectorB, Local)]);

        Assert.Multiple(() =>
        {
            Assert.That(result.Class.Mapping, Is.EqualTo(NatMapping.NoNat));
            Assert.That(result.Class.Allocation, Is.EqualTo(PortAllocation.Preserving));
        });
    }

    [Test]
    public void Classify_SamePublicEndpointEverywhereAndPortKept_IsEndpointIndependentPreserving()
    {
        var pub = Ep("203.0.113.5", 5000);

        var result = NatClassifier.Classify([new(Local, ReflectorA, pub), new(Local, ReflectorA2, pub), new(Local, ReflectorB, pub)]);

        Assert.Multiple(() =>
        {
            Assert.That(result.Class.Mapping, Is.EqualTo(NatMapping.EndpointIndependent));
            Assert.That(result.Class.Allocation, Is.EqualTo(PortAllocation.Preserving));
            Assert.That(result.PublicAddresses, Is.EqualTo(new[] { pub.Address }));
        });
    }

    [Test]
    public void Classify_OneReflectorOnly_MappingUnknown()
    {
        var result = NatClassifier.Classify([new(Local, ReflectorA, Ep("203.0.113.5", 6000))]);

        Assert.That(result.Class.Mapping, Is.EqualTo(NatMapping.Unknown));
    }

    [Test]
    public void Classify_NewPortPerReflectorIpOnly_IsAddressDependent()
    {
        var result = NatClassifier.Classify(
        [
            new(Local, ReflectorA, Ep("203.0.113.5", 6000)),
            new(Local, ReflectorA2, Ep("203.0.113.5", 6000)),
            new(Local, ReflectorB, Ep("203.0.113.5", 6001)),
        ]);

        Assert.That(result.Class.Mapping, Is.EqualTo(NatMapping.AddressDependent));
    }

    [Test]
    public void Classify_NewPortPerReflectorPortWithSequentialDelta_IsSymmetricSequential()
    {
        var result = NatClassifier.Classify(
        [
            new(Local, ReflectorA, Ep("203.0.113.5", 6000)),
            new(Local, ReflectorA2, Ep("203.0.113.5", 6002)),
            new(Local, ReflectorB, Ep("203.0.113.5", 6004)),
            new(Local, ReflectorC, Ep("203.0.113.5", 6006)),
        ]);

        Assert.Multiple(() =>
        {
            Assert.That(result.Class.Mapping, Is.EqualTo(NatMapping.AddressAndPortDependent));
            Assert.That(result.Class.Allocation, Is.EqualTo(PortAllocation.Sequential));
            Assert.That(result.Class.PortDelta, Is.EqualTo(2));
        });
    }

    [Test]
    public void Classify_NewPortPerReflectorWithoutPattern_IsSymmetricRandom()
    {
        var result = NatClassifier.Classify(
        [
            new(Local, ReflectorA, Ep("203.0.113.5", 41234)),
            new(Local, ReflectorB, Ep("203.0.113.5", 17001)),
            new(Local, ReflectorC, Ep("203.0.113.5", 60999)),
        ]);

        Assert.Multiple(() =>
        {
            Assert.That(result.Class.Mapping, Is.EqualTo(NatMapping.AddressAndPortDependent));
            Assert.That(result.Class.Allocation, Is.EqualTo(PortAllocation.Random));
            Assert.That(result.Evidence, Has.Some.Contains("no two reflectors shared an IP"));
        });
    }

    [Test]
    public void Classify_EndpointIndependentAcrossSeveralLocalPortsWithDelta_IsSequential()
    {
        // IPv8 introduction-responses from different local sockets: one mapping per socket, each +1.
        var result = NatClassifier.Classify(
        [
            new(Ep("10.0.0.2", 5000), ReflectorA, Ep("203.0.113.5", 7000)),
            new(Ep("10.0.0.2", 5000), ReflectorB, Ep("203.0.113.5", 7000)),
            new(Ep("10.0.0.2", 5001), ReflectorA, Ep("203.0.113.5", 7001)),
            new(Ep("10.0.0.2", 5002), ReflectorA, Ep("203.0.113.5", 7002)),
        ]);

        Assert.Multiple(() =>
        {
            Assert.That(result.Class.Mapping, Is.EqualTo(NatMapping.EndpointIndependent));
            Assert.That(result.Class.Allocation, Is.EqualTo(PortAllocation.Sequential));
            Assert.That(result.Class.PortDelta, Is.EqualTo(1));
        });
    }

    [TestCase(true, false, NatFiltering.EndpointIndependent)]
    [TestCase(false, true, NatFiltering.AddressDependent)]
    [TestCase(false, false, NatFiltering.AddressAndPortDependent)]
    public void Classify_FilteringProbes_FollowRfc5780(bool ipAndPortAnswered, bool portAnswered, NatFiltering expected)
    {
        var result = NatClassifier.Classify([], [new FilteringProbe(true, true, ipAndPortAnswered), new FilteringProbe(false, true, portAnswered)]);

        Assert.That(result.Class.Filtering, Is.EqualTo(expected));
    }

    [Test]
    public void Classify_OnlyOneFilteringProbe_FilteringUnknown()
    {
        var result = NatClassifier.Classify([], [new FilteringProbe(true, true, false)]);

        Assert.That(result.Class.Filtering, Is.EqualTo(NatFiltering.Unknown));
    }

    private static IPEndPoint Ep(string ip, int port) => new(IPAddress.Parse(ip), port);
}
