using System.Net;
using System.Net.Sockets;
using Ipv8.Connectivity.Stun;

namespace Ipv8.Connectivity.Tests.Stun;

/// <summary>A tiny STUN server on 127.0.0.1 for tests: answers Binding requests with the source it saw, optionally preceded by hostile datagrams.</summary>
internal sealed class LoopbackStunResponder : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LoopbackStunResponder(Func<StunMessage, IPEndPoint, IEnumerable<byte[]>>? answers = null)
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        Answers = answers ?? ((request, source) => [Success(request, source)]);
        _loop = Task.Run(RunAsync);
    }

    public IPEndPoint EndPoint { get; }

    public int RequestsSeen { get; private set; }

    private Func<StunMessage, IPEndPoint, IEnumerable<byte[]>> Answers { get; }

    public static byte[] Success(StunMessage request, IPEndPoint mapped, bool fingerprint = true) =>
        new StunMessage(
            StunMessageType.BindingSuccessResponse,
            request.TransactionId,
            [new StunAttribute(StunAttributeType.XorMappedAddress, StunAddressCodec.EncodeXorMapped(mapped, request.TransactionId))]).Encode(fingerprint);

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends by its socket being closed.
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var buffer = new byte[2048];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (!StunMessage.TryParse(buffer.AsSpan(0, received.ReceivedBytes), out var request, out _) || request.Type != StunMessageType.BindingRequest)
                continue;
            RequestsSeen++;
            var source = (IPEndPoint)received.RemoteEndPoint;
            foreach (var answer in Answers(request, source))
                await _socket.SendToAsync(answer, SocketFlags.None, source);
        }
    }
}
