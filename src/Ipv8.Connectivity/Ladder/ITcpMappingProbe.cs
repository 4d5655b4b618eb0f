using System.Net;

namespace Ipv8.Connectivity.Ladder;

/// <summary>Finds the public endpoint a NAT gives a local TCP port (for instance by a STUN binding over TCP from that port).</summary>
public interface ITcpMappingProbe
{
    /// <summary>Connects out from <paramref name="local"/> (bound with port reuse) and returns the source endpoint the far side saw.</summary>
    /// <exception cref="Stun.StunException">No probe server answered.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<IPEndPoint> ProbeAsync(IPEndPoint local, CancellationToken cancellationToken);
}
