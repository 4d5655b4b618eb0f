namespace Ipv8.Connectivity.Pipes;

/// <summary>Why a pipe handshake failed (one counter each on the server).</summary>
public enum HandshakeFailure
{
    /// <summary>The handshake did not finish within <see cref="PipeOptions.HandshakeTimeout"/>.</summary>
    Timeout,

    /// <summary>The other side closed the connection mid-handshake.</summary>
    Closed,

    /// <summary>A handshake message was malformed, oversized, or did not decrypt.</summary>
    Malformed,

    /// <summary>The other side authenticated with a key other than the one asked for.</summary>
    WrongKey,

    /// <summary>A transcript signature did not verify.</summary>
    BadSignature,

    /// <summary>The accepting side refused the protocol or the request (e.g. unknown protocol, unexpected reverse token).</summary>
    Refused,
}
