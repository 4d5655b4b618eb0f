using Ipv8.Messaging;

namespace Ipv8.Bootstrapping;

/// <summary>
/// Opens the separate socket a <see cref="UdpBroadcastBootstrapper"/> beacons from and listens on: a UDP socket with
/// SO_BROADCAST for real networks (<see cref="UdpBroadcastSocketFactory"/>), or a simulated endpoint in tests.
/// </summary>
public interface IBroadcastSocketFactory
{
    /// <summary>Opens an endpoint bound to <paramref name="bindAddress"/> (port 0: any free port).</summary>
    /// <param name="bindAddress">The local address and port to bind.</param>
    /// <param name="reuseAddress">Whether to set SO_REUSEADDR before binding.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The open endpoint; the caller closes it.</returns>
    /// <exception cref="System.Net.Sockets.SocketException">The address could not be bound (the caller tries another port).</exception>
    ValueTask<IEndpoint> OpenAsync(UdpAddress bindAddress, bool reuseAddress, CancellationToken cancellationToken);
}
