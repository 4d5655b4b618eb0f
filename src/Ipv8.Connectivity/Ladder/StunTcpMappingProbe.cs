using System.Net;
using Ipv8.Connectivity.Stun;

namespace Ipv8.Connectivity.Ladder;

/// <summary>Probes a TCP port's public mapping with STUN binding requests over TCP, trying the servers in order.</summary>
/// <param name="client">The STUN client (its transaction timeout bounds each server).</param>
/// <param name="servers">The STUN servers, in the order they are tried.</param>
public sealed class StunTcpMappingProbe(StunClient client, IReadOnlyList<IPEndPoint> servers) : ITcpMappingProbe
{
    /// <inheritdoc/>
    public async Task<IPEndPoint> ProbeAsync(IPEndPoint local, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(local);
        var errors = new List<string>();
        foreach (var server in servers.Where(s => s.AddressFamily == local.AddressFamily))
        {
            try
            {
                return (await client.BindTcpAsync(local, server, cancellationToken).ConfigureAwait(false)).Mapped;
            }
            catch (StunException e)
            {
                errors.Add(e.Message);
            }
        }

        throw new StunException(errors.Count == 0 ? "No STUN server of the local address family is configured." : string.Join(" ", errors));
    }
}
