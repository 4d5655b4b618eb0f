using System.Net;

namespace Ipv8.Connectivity.Pipes;

/// <summary>Where <see cref="PipeServer"/> listens and how much it accepts.</summary>
public sealed class PipeServerOptions
{
    /// <summary>Gets the TCP endpoint to listen on. Default 127.0.0.1, port 0 (any free port).</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, 0);

    /// <summary>Gets the most connections (handshaking or open) at once; more are closed at accept. Default 256.</summary>
    public int MaxConnections { get; init; } = 256;

    /// <summary>Gets the most connections at once from one remote IP address. Default 8.</summary>
    public int MaxConnectionsPerAddress { get; init; } = 8;

    /// <summary>Gets the frame and handshake limits of accepted pipes.</summary>
    public PipeOptions Pipe { get; init; } = new();
}
