using Ipv8.Connectivity.Nat;

namespace Ipv8.Connectivity.Ladder;

/// <summary>
/// Predicts the public port(s) a NAT will give the next outgoing TCP connection from a local port, the way P2PD
/// plans hole punches: a node without NAT or behind a port-preserving NAT is seen at its local port; behind an
/// endpoint-independent mapping at the port a probe from that local port just saw; behind a sequential NAT the next
/// mapping lies <see cref="NatClass.PortDelta"/> after the probe's, so the first few steps are offered; a random
/// allocation cannot be predicted (the probe's port is offered, and will most likely be wrong).
/// </summary>
public static class PortPrediction
{
    /// <summary>Returns the candidate public ports, best first, distinct, all within 1-65535.</summary>
    /// <param name="nat">Our NAT class.</param>
    /// <param name="localPort">The local port the punch is sent from.</param>
    /// <param name="probedPort">The public port a probe from <paramref name="localPort"/> saw just before, when one ran.</param>
    /// <param name="count">How many steps to offer for a sequential NAT (at least 1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1 or a port is outside 1-65535.</exception>
    public static IReadOnlyList<int> Candidates(NatClass nat, int localPort, int? probedPort, int count)
    {
        ArgumentNullException.ThrowIfNull(nat);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(localPort, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localPort, 65535);
        if (probedPort is { } checkedPort && checkedPort is < 1 or > 65535)
            throw new ArgumentOutOfRangeException(nameof(probedPort), probedPort, "A port is 1-65535.");

        var result = new List<int>(count + 1);
        if (nat.Mapping == NatMapping.NoNat)
        {
            result.Add(localPort);
            return result;
        }

        if (probedPort is not { } probed)
        {
            // Without a probe only a preserving NAT (or hope) gives a usable port.
            result.Add(localPort);
            return result;
        }

        if (nat.Allocation == PortAllocation.Sequential && nat.Mapping != NatMapping.EndpointIndependent && nat.PortDelta != 0)
        {
            // The probe took one mapping; the punch to the peer takes one of the next ones (others may slip in between).
            for (var step = 1; step <= count; step++)
            {
                var port = Wrap(probed + (step * nat.PortDelta));
                if (!result.Contains(port))
                    result.Add(port);
            }

            return result;
        }

        result.Add(probed);
        if (probed != localPort && nat.Allocation == PortAllocation.Preserving)
            result.Add(localPort);
        return result;
    }

    /// <summary>Returns whether a NAT of class <paramref name="nat"/> makes its next public port unpredictable.</summary>
    public static bool IsUnpredictable(NatClass nat)
    {
        ArgumentNullException.ThrowIfNull(nat);
        return nat.Allocation == PortAllocation.Random && nat.Mapping is NatMapping.AddressDependent or NatMapping.AddressAndPortDependent;
    }

    // NATs allocate above the well-known ports; a prediction that runs off either end wraps into 1024-65535.
    private static int Wrap(int port) => port > 65535 ? 1024 + ((port - 65536) % 64512) : port < 1024 ? 65535 - ((1023 - port) % 64512) : port;
}
