using System.Net;

namespace Ipv8.Connectivity.Nat;

/// <summary>
/// Classifies a NAT from reflections (pure logic, no I/O). Mapping compares, per local endpoint, what
/// different reflectors saw: the same public endpoint from reflectors on different IPs means
/// endpoint-independent; a different one for another port of the same reflector IP means
/// address-and-port-dependent; different only across IPs means address-dependent. Port allocation looks at
/// the distinct public ports in creation order: equal to the local port (preserving), a constant step
/// (sequential with that delta), or neither (random). Filtering comes from RFC 5780 change-request probes.
/// Conclusions that the samples cannot support stay <c>Unknown</c>, and every conclusion is explained in
/// <see cref="NatClassification.Evidence"/>.
/// </summary>
public static class NatClassifier
{
    /// <summary>Most samples examined; later ones are ignored (bounded work on input that peers influence).</summary>
    public const int MaxSamples = 256;

    /// <summary>Classifies from <paramref name="samples"/> (in mapping-creation order) and optional filtering <paramref name="probes"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="samples"/> is null.</exception>
    public static NatClassification Classify(IReadOnlyList<ReflectionSample> samples, IReadOnlyList<FilteringProbe>? probes = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var used = samples.Take(MaxSamples).ToList();
        var evidence = new List<string>();
        var publicAddresses = used.Select(s => s.Observed.Address).Distinct().ToList();
        var mapping = ClassifyMapping(used, evidence);
        var (allocation, delta) = ClassifyAllocation(used, mapping, evidence);
        var filtering = ClassifyFiltering(probes ?? [], evidence);
        return new NatClassification(new NatClass(mapping, filtering, allocation, delta), publicAddresses, evidence);
    }

    private static NatMapping ClassifyMapping(List<ReflectionSample> samples, List<string> evidence)
    {
        if (samples.Count == 0)
        {
            evidence.Add("mapping unknown: no samples");
            return NatMapping.Unknown;
        }

        if (samples.All(s => s.Observed.Equals(s.Local)))
        {
            evidence.Add($"no NAT: all {samples.Count} reflectors saw the local endpoint itself");
            return NatMapping.NoNat;
        }

        bool sameIpPairs = false, sameIpDiffers = false, otherIpPairs = false, otherIpDiffers = false;
        foreach (var group in samples.GroupBy(s => s.Local))
        {
            var list = group.ToList();
            for (var i = 0; i < list.Count; i++)
            {
                for (var j = i + 1; j < list.Count; j++)
                {
                    var a = list[i];
                    var b = list[j];
                    if (a.Reflector.Equals(b.Reflector))
                        continue;
                    var differs = !a.Observed.Equals(b.Observed);
                    if (a.Reflector.Address.Equals(b.Reflector.Address))
                    {
                        sameIpPairs = true;
                        if (differs && !sameIpDiffers)
                            evidence.Add($"from {group.Key}: {a.Reflector} saw {a.Observed} but {b.Reflector} (same IP, other port) saw {b.Observed}");
                        sameIpDiffers |= differs;
                    }
                    else
                    {
                        otherIpPairs = true;
                        if (differs && !otherIpDiffers)
                            evidence.Add($"from {group.Key}: {a.Reflector} saw {a.Observed} but {b.Reflector} saw {b.Observed}");
                        otherIpDiffers |= differs;
                    }
                }
            }
        }

        if (sameIpDiffers)
            return NatMapping.AddressAndPortDependent;
        if (otherIpDiffers)
        {
            if (sameIpPairs)
            {
                evidence.Add("mapping is address-dependent: reflectors on one IP saw the same endpoint, reflectors on different IPs did not");
                return NatMapping.AddressDependent;
            }

            // Without two reflector ports on one IP, address- and address-and-port-dependent look alike;
            // the stricter one is what hole punching has to plan for.
            evidence.Add("mapping is at least address-dependent; assuming address-and-port-dependent (no two reflectors shared an IP)");
            return NatMapping.AddressAndPortDependent;
        }

        if (!sameIpPairs && !otherIpPairs)
        {
            evidence.Add("mapping unknown: no local endpoint was seen by two different reflectors");
            return NatMapping.Unknown;
        }

        evidence.Add("mapping is endpoint-independent: every reflector saw the same public endpoint per local endpoint");
        return NatMapping.EndpointIndependent;
    }

    private static (PortAllocation Allocation, int Delta) ClassifyAllocation(List<ReflectionSample> samples, NatMapping mapping, List<string> evidence)
    {
        if (mapping == NatMapping.NoNat)
            return (PortAllocation.Preserving, 0);
        if (samples.Count < 2)
        {
            evidence.Add("port allocation unknown: fewer than 2 samples");
            return (PortAllocation.Unknown, 0);
        }

        // Distinct mappings in creation order: the first sample that showed each public endpoint.
        var seen = new HashSet<IPEndPoint>();
        var mappings = new List<ReflectionSample>();
        foreach (var sample in samples)
        {
            if (seen.Add(sample.Observed))
                mappings.Add(sample);
        }

        if (mappings.All(m => m.Observed.Port == m.Local.Port))
        {
            evidence.Add($"port allocation is preserving: all {mappings.Count} public ports equal their local ports");
            return (PortAllocation.Preserving, 0);
        }

        if (mappings.Count < 3)
        {
            evidence.Add($"port allocation unknown: {mappings.Count} distinct mappings, at least 3 are needed to see a pattern");
            return (PortAllocation.Unknown, 0);
        }

        var delta = mappings[1].Observed.Port - mappings[0].Observed.Port;
        var constant = delta != 0;
        for (var i = 2; i < mappings.Count && constant; i++)
            constant = mappings[i].Observed.Port - mappings[i - 1].Observed.Port == delta;
        if (constant)
        {
            evidence.Add($"port allocation is sequential: {mappings.Count} new mappings each {delta:+0;-0} from the previous");
            return (PortAllocation.Sequential, delta);
        }

        evidence.Add($"port allocation is random: {mappings.Count} new mappings with no constant step ({string.Join(", ", mappings.Select(m => m.Observed.Port))})");
        return (PortAllocation.Random, 0);
    }

    private static NatFiltering ClassifyFiltering(IReadOnlyList<FilteringProbe> probes, List<string> evidence)
    {
        var changedBoth = probes.Where(p => p.ChangeIp && p.ChangePort).ToList();
        var changedPort = probes.Where(p => p.ChangePort && !p.ChangeIp).ToList();
        if (changedBoth.Any(p => p.Answered))
        {
            evidence.Add("filtering is endpoint-independent: an answer from another IP and port arrived");
            return NatFiltering.EndpointIndependent;
        }

        if (changedPort.Any(p => p.Answered))
        {
            evidence.Add("filtering is address-dependent: an answer from another port of the same IP arrived, none from another IP");
            return NatFiltering.AddressDependent;
        }

        if (changedBoth.Count > 0 && changedPort.Count > 0)
        {
            evidence.Add("filtering is address-and-port-dependent: no answer from another IP or another port arrived");
            return NatFiltering.AddressAndPortDependent;
        }

        evidence.Add("filtering unknown: the change-IP-and-port and change-port probes were not both run");
        return NatFiltering.Unknown;
    }
}
