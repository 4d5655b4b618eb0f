using Ipv8.Messaging;
using Microsoft.Extensions.Logging;

namespace Ipv8.Bootstrapping;

/// <summary>Opens real broadcast sockets: a <see cref="UdpEndpoint"/> with SO_BROADCAST, one bind attempt.</summary>
/// <param name="logger">The endpoint's logger; none when null.</param>
public sealed class UdpBroadcastSocketFactory(ILogger? logger = null) : IBroadcastSocketFactory
{
    /// <inheritdoc/>
    public async ValueTask<IEndpoint> OpenAsync(UdpAddress bindAddress, bool reuseAddress, CancellationToken cancellationToken)
    {
        var endpoint = new UdpEndpoint(
            new UdpEndpointOptions { BindAddress = bindAddress, BindAttempts = 1, EnableBroadcast = true, ReuseAddress = reuseAddress },
            logger);
        try
        {
            await endpoint.OpenAsync(cancellationToken).ConfigureAwait(false);
            return endpoint;
        }
        catch
        {
            await endpoint.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
