using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Ipv8.Connectivity.Stun;

namespace Ipv8.Connectivity.Turn;

/// <summary>
/// A TCP connection to the TURN server, framed as RFC 8656 §12.5 says: a STUN message is its 20-byte header
/// plus the body length it declares; ChannelData is its 4-byte header plus the padded data length. A frame
/// whose header makes no sense cannot be skipped on a byte stream, so it ends the connection with an error.
/// </summary>
internal sealed class TcpTurnTransport : ITurnTransport
{
    /// <summary>How long sent data may stay unacknowledged before the connection fails (Linux TCP_USER_TIMEOUT).</summary>
    internal static readonly TimeSpan DeadRelayTimeout = TimeSpan.FromSeconds(15);

    // Linux: IPPROTO_TCP and TCP_USER_TIMEOUT (linux/tcp.h); the option takes an unsigned int in milliseconds, host order.
    private const int IpProtoTcp = 6;
    private const int TcpUserTimeout = 18;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    private TcpTurnTransport(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public bool IsReliable => true;

    public static async Task<TcpTurnTransport> ConnectAsync(IPEndPoint server, CancellationToken cancellationToken)
    {
        var socket = CreateSocket(server);
        try
        {
            await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
            return new TcpTurnTransport(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A TCP socket for a relay (the control connection, a data connection, or the answering peer's connection to the
    /// relayed address) tuned so that a relay that vanishes silently (power or network lost: no reset) is noticed within
    /// about 15 s: keep-alive probes after 5 s idle, every 2 s, 5 of them; and on Linux TCP_USER_TIMEOUT of 15 s, which
    /// also fails a connection whose sent data stays unacknowledged that long (keep-alive alone does not cover a
    /// connection with data in flight; the kernel would retransmit for about 15 minutes).
    /// </summary>
    public static Socket CreateSocket(IPEndPoint server)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 5);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 2);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 5);
        if (OperatingSystem.IsLinux())
        {
            Span<byte> milliseconds = stackalloc byte[sizeof(int)];
            BitConverter.TryWriteBytes(milliseconds, (int)DeadRelayTimeout.TotalMilliseconds);
            socket.SetRawSocketOption(IpProtoTcp, TcpUserTimeout, milliseconds);
        }

        return socket;
    }

    /// <summary>Reads exactly one frame from <paramref name="stream"/>; null at a clean end of stream.</summary>
    /// <exception cref="TurnException">The header is not a STUN or ChannelData header, declares an oversized message, or the stream ends inside a frame.</exception>
    public static async ValueTask<byte[]?> ReadFrameAsync(Stream stream, CancellationToken cancellationToken)
    {
        var header = new byte[4];
        var read = await stream.ReadAtLeastAsync(header, 4, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read == 0)
            return null;
        if (read < 4)
            throw new TurnException(TurnFailure.ConnectionLost, "The TURN server closed the connection inside a frame header.");
        var length = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2));
        int total;
        switch (header[0] & 0xC0)
        {
            case 0x00:
                total = StunMessage.HeaderLength + length;
                if ((length & 3) != 0 || total > StunMessage.MaxMessageLength)
                    throw new TurnException(TurnFailure.Malformed, $"The TURN server sent a STUN message declaring {length} body bytes (limit {StunMessage.MaxMessageLength - StunMessage.HeaderLength}, multiple of 4).");
                break;
            case 0x40:
                total = (TurnChannelData.HeaderLength + length + 3) & ~3;
                break;
            default:
                throw new TurnException(TurnFailure.Malformed, $"The TURN server sent a frame starting with 0x{header[0]:x2}, neither STUN nor ChannelData.");
        }

        var frame = new byte[total];
        header.CopyTo(frame, 0);
        read = await stream.ReadAtLeastAsync(frame.AsMemory(4), total - 4, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read < total - 4)
            throw new TurnException(TurnFailure.ConnectionLost, "The TURN server closed the connection inside a frame.");
        return frame;
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public ValueTask<byte[]?> ReceiveAsync(Action<string> onDrop, CancellationToken cancellationToken) => ReadFrameAsync(_stream, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed by the server.
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
        _sendLock.Dispose();
    }
}
