namespace Ipv8.Connectivity.Turn;

/// <summary>The transport between client and TURN server, which is also the relay's transport toward peers.</summary>
public enum TurnTransportProtocol
{
    /// <summary>UDP to the server and a UDP relay (RFC 8656): datagrams, carried over channels (CHANNEL-BIND, ChannelData).</summary>
    Udp = 17,

    /// <summary>TCP to the server and a TCP relay (RFC 6062): each peer gets its own TCP connection through the relay, a plain byte stream.</summary>
    Tcp = 6,
}
