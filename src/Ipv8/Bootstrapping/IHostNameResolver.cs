using System.Net;

namespace Ipv8.Bootstrapping;

/// <summary>Resolves host names for <see cref="DispersyBootstrapper"/>; injectable so tests need no DNS.</summary>
public interface IHostNameResolver
{
    /// <summary>
    /// Returns the addresses of <paramref name="host"/> (possibly empty). May throw (e.g.
    /// <see cref="System.Net.Sockets.SocketException"/>) when the name does not resolve; the caller logs and retries later.
    /// </summary>
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}
