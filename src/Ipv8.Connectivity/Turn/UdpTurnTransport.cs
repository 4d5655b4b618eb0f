using System.Net;
using System.Net.Sockets;
using Ipv8.Connectivity.Stun;

namespace Ipv8.Connectivity.Turn;

/// <summary>A UDP socket talking to one TURN server; each datagram is one frame, datagrams from anyone else are dropped.</summary>
internal sealed class UdpTurnTransport : ITurnTransport
{
    // Room for the largest ChannelData (4 + 65535) so an oversized one is seen whole and dropped, not truncated.
    private const int ReceiveBufferLength = TurnChannelData.HeaderLength + ushort.MaxValue + 1;
    private readonly Socket _socket;
    private readonly IPEndPoint _server;
    private readonly byte[] _buffer = new byte[ReceiveBufferLength];

    public UdpTurnTransport(IPEndPoint server, IPEndPoint? local = null)
    {
        _server = server;
        _socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // A wildcard bind lets the kernel pick the source address that routes to the server.
            _socket.Bind(local ?? new IPEndPoint(server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
    }

    public bool IsReliable => false;

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public async ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken) =>
        await _socket.SendToAsync(frame, SocketFlags.None, _server, cancellationToken).ConfigureAwait(false);

    public async ValueTask<byte[]?> ReceiveAsync(Action<string> onDrop, CancellationToken cancellationToken)
    {
        var any = new IPEndPoint(_server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (true)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(_buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                // An ICMP port unreachable from an earlier send: the server is gone or not there yet; keep listening
                // so the transaction times out with a clear reason instead of failing on a transient error.
                onDrop("ICMP port unreachable");
                continue;
            }

            if (!_server.Equals(received.RemoteEndPoint))
            {
                onDrop($"datagram from {received.RemoteEndPoint}, not the server");
                continue;
            }

            if (received.ReceivedBytes > StunMessage.MaxMessageLength && !TurnChannelData.LooksLikeChannelData(_buffer))
            {
                onDrop($"{received.ReceivedBytes}-byte datagram exceeds the STUN message limit");
                continue;
            }

            return _buffer.AsSpan(0, received.ReceivedBytes).ToArray();
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
