using System.Net;

namespace Ipv8.Connectivity.Turn;

/// <summary>A TURN server to relay through and the credentials for it (redacted in <see cref="ToString"/>).</summary>
/// <param name="EndPoint">The server's address and port (3478 by convention).</param>
/// <param name="Credentials">Long-term or shared-secret credentials.</param>
public sealed record TurnServer(IPEndPoint EndPoint, TurnCredentials Credentials)
{
    /// <summary>Names the server and the credentials' kind and user; never a secret.</summary>
    public override string ToString() => $"TURN server {EndPoint} ({Credentials})";
}
