using System.Net;
using System.Net.Sockets;
using Ipv8.Connectivity.Pipes;

namespace Ipv8.Connectivity.Ladder;

/// <summary>Connects to endpoints one by one and runs the initiator handshake on the first that answers.</summary>
internal static class TcpDialer
{
    private const int SolSocket = 1;
    private const int SoReusePort = 15;

    public static async Task<SecurePipe> DialAsync(IEnumerable<IPEndPoint> endPoints, RungContext context, ReadOnlyMemory<byte> token, CancellationToken ct)
    {
        var errors = new List<string>();
        foreach (var endPoint in endPoints)
        {
            var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(endPoint, ct).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                errors.Add($"{endPoint}: {e.SocketErrorCode}");
                continue;
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            return await HandshakeAsync(socket, context, token, ct).ConfigureAwait(false);
        }

        throw new RungFailedException(errors.Count == 0 ? "the record lists no TCP endpoint" : "connect failed: " + string.Join(", ", errors));
    }

    public static async Task<SecurePipe> HandshakeAsync(Socket socket, RungContext context, ReadOnlyMemory<byte> token, CancellationToken ct)
    {
        try
        {
            return await PipeHandshake.InitiateAsync(new NetworkStream(socket, ownsSocket: true), context.LocalKey, context.Remote.Key, context.Protocol, token, context.Keys, context.Server.PipeOptions, socket.RemoteEndPoint, ct).ConfigureAwait(false);
        }
        catch (PipeHandshakeException e)
        {
            throw new RungFailedException($"handshake failed ({e.Failure}): {e.Message}", e);
        }
    }

    /// <summary>Lets several sockets share a local port (the listening and the punching one), as hole punching needs.</summary>
    public static Socket BindShared(IPEndPoint local)
    {
        var socket = new Socket(local.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            if (OperatingSystem.IsLinux())
                socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
            socket.Bind(local);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
