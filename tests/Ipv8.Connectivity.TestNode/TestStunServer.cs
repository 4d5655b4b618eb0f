using System.Net;
using System.Net.Sockets;
using Ipv8.Connectivity.Stun;

namespace Ipv8.Connectivity.TestNode;

/// <summary>
/// A minimal RFC 8489 binding responder with RFC 5780's CHANGE-REQUEST: UDP on two IPs × two ports (an answer
/// asked to come from another IP and/or port leaves from that socket) and TCP on the primary IP and port.
/// Answers carry XOR-MAPPED-ADDRESS and FINGERPRINT; anything else is ignored.
/// </summary>
internal sealed class TestStunServer(IPAddress primary, IPAddress alternate, int port, int altPort)
{
    private const byte ChangeIpFlag = 0x04;
    private const byte ChangePortFlag = 0x02;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var sockets = new Dictionary<(bool AltIp, bool AltPort), Socket>();
        foreach (var altIp in new[] { false, true })
        {
            foreach (var altPortFlag in new[] { false, true })
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                socket.Bind(new IPEndPoint(altIp ? alternate : primary, altPortFlag ? altPort : port));
                sockets[(altIp, altPortFlag)] = socket;
            }
        }

        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        tcp.Bind(new IPEndPoint(primary, port));
        tcp.Listen(64);
        var loops = sockets.Select(s => ServeUdpAsync(s.Key, s.Value, sockets, cancellationToken)).Append(ServeTcpAsync(tcp, cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        finally
        {
            foreach (var socket in sockets.Values)
                socket.Dispose();
        }
    }

    private static byte[] Answer(StunMessage request, IPEndPoint source) =>
        new StunMessage(StunMessageType.BindingSuccessResponse, request.TransactionId,
            [new StunAttribute(StunAttributeType.XorMappedAddress, StunAddressCodec.EncodeXorMapped(source, request.TransactionId))]).Encode();

    private static async Task ServeUdpAsync((bool AltIp, bool AltPort) self, Socket socket, Dictionary<(bool, bool), Socket> all, CancellationToken cancellationToken)
    {
        var buffer = new byte[2048];
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (!StunMessage.TryParse(buffer.AsSpan(0, received.ReceivedBytes), out var request, out _) || request.Type != StunMessageType.BindingRequest)
                continue;
            var flags = request.Find(StunAttributeType.ChangeRequest) is { } change && change.Value.Length == 4 ? change.Value.Span[3] : (byte)0;
            var from = all[(self.AltIp ^ ((flags & ChangeIpFlag) != 0), self.AltPort ^ ((flags & ChangePortFlag) != 0))];
            var source = (IPEndPoint)received.RemoteEndPoint;
            try
            {
                await from.SendToAsync(Answer(request, source), SocketFlags.None, source, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    private static async Task ServeTcpAsync(Socket listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = AnswerTcpAsync(connection, cancellationToken);
        }
    }

    private static async Task AnswerTcpAsync(Socket connection, CancellationToken cancellationToken)
    {
        using (connection)
        {
            try
            {
                using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                bounded.CancelAfter(TimeSpan.FromSeconds(5));
                var header = new byte[StunMessage.HeaderLength];
                await connection.ReceiveAsync(header, SocketFlags.None, bounded.Token).ConfigureAwait(false);
                var body = new byte[Math.Min((header[2] << 8) | header[3], StunMessage.MaxMessageLength)];
                var read = 0;
                while (read < body.Length)
                {
                    var n = await connection.ReceiveAsync(body.AsMemory(read), SocketFlags.None, bounded.Token).ConfigureAwait(false);
                    if (n == 0)
                        return;
                    read += n;
                }

                if (StunMessage.TryParse([.. header, .. body], out var request, out _) && request.Type == StunMessageType.BindingRequest)
                    await connection.SendAsync(Answer(request, (IPEndPoint)connection.RemoteEndPoint!), SocketFlags.None, bounded.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                // A probe that went away: nothing to answer.
            }
        }
    }
}
