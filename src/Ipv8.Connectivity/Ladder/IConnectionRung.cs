using Ipv8.Connectivity.Pipes;

namespace Ipv8.Connectivity.Ladder;

/// <summary>One strategy of the connection ladder.</summary>
public interface IConnectionRung
{
    /// <summary>Gets the name used in <see cref="ConnectorOptions.Methods"/> and in results.</summary>
    string Name { get; }

    /// <summary>Tries to open the pipe; <paramref name="cancellationToken"/> carries the rung's time budget.</summary>
    /// <exception cref="RungFailedException">The rung cannot reach the peer; the message says why.</exception>
    Task<SecurePipe> ConnectAsync(RungContext context, CancellationToken cancellationToken);
}
