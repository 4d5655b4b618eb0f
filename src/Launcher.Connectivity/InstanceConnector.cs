using Ipv8.Connectivity.Ladder;
using Ipv8.Connectivity.Reachability;

namespace Launcher.Connectivity;

/// <summary>The <see cref="IConnector"/> DI hands out: the connector of one instance's node, waited for when the host is still starting.</summary>
internal sealed class InstanceConnector(ConnectivityNodes nodes, int instance) : IConnector
{
    /// <inheritdoc/>
    public async Task<ConnectResult> ConnectAsync(ReachabilityRecord remote, string protocol, CancellationToken cancellationToken)
    {
        var node = await nodes.GetNodeAsync(instance, cancellationToken).ConfigureAwait(false);
        return await node.Connector.ConnectAsync(remote, protocol, cancellationToken).ConfigureAwait(false);
    }
}
