using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Ipv8.Connectivity.Stun;
using Ipv8.Connectivity.Turn;

namespace Ipv8.Connectivity.Tests.Turn;

/// <summary>
/// An in-process UDP "TURN server" on loopback that answers each request with whatever datagrams the test's
/// script returns: correct, malformed, forged or none.
/// </summary>
internal sealed class FakeTurnServer : IAsyncDisposable
{
    public const string Realm = "fake.realm";
    public const string User = "mallory";
    public const string Password = "fake-Password-1";

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Func<StunMessage, byte[], IEnumerable<byte[]>> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public FakeTurnServer(Func<StunMessage, byte[], IEnumerable<byte[]>> script)
    {
        _script = script;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _loop = LoopAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public int Requests => Volatile.Read(ref _requests);

    public static TurnCredentials Credentials => TurnCredentials.LongTerm(User, Password);

    public static byte[] Key(bool sha256 = false) => TurnMessageCodec.LongTermKey(User, Encoding.UTF8.GetBytes(Realm), Encoding.UTF8.GetBytes(Password), sha256);

    public static bool IsAuthenticated(StunMessage request) => request.Find(TurnAttributeType.Username) is not null;

    public static byte[] Challenge(StunMessage request, bool offerSha256 = false, bool withRealm = true)
    {
        var attributes = new List<StunAttribute> { ErrorCode(401, "Unauthorized"), new(TurnAttributeType.Nonce, "nonce-1"u8.ToArray()) };
        if (withRealm)
            attributes.Add(new StunAttribute(TurnAttributeType.Realm, Encoding.UTF8.GetBytes(Realm)));
        if (offerSha256)
            attributes.Add(new StunAttribute(TurnAttributeType.PasswordAlgorithms, new byte[] { 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00 }));
        return Error(request, attributes);
    }

    public static byte[] Error(StunMessage request, int code, string reason, byte[]? key = null) =>
        TurnMessageCodec.Encode((ushort)(TurnMethod.MethodOf(request.Type) | TurnMethod.ErrorClass), request.TransactionId, [ErrorCode(code, reason)], key, sha256: false);

    public static byte[] Error(StunMessage request, IReadOnlyList<StunAttribute> attributes) =>
        TurnMessageCodec.Encode((ushort)(TurnMethod.MethodOf(request.Type) | TurnMethod.ErrorClass), request.TransactionId, attributes, null, sha256: false);

    /// <summary>An Allocate success (relayed 127.0.0.1:40000, lifetime 600 s) signed with <paramref name="key"/>.</summary>
    public static byte[] AllocateSuccess(StunMessage request, byte[]? key, bool sha256 = false, IEnumerable<StunAttribute>? extra = null)
    {
        var lifetime = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(lifetime, 600);
        var attributes = new List<StunAttribute>
        {
            new(TurnAttributeType.XorRelayedAddress, StunAddressCodec.EncodeXorMapped(new IPEndPoint(IPAddress.Loopback, 40000), request.TransactionId)),
            new(TurnAttributeType.XorMappedAddress, StunAddressCodec.EncodeXorMapped(new IPEndPoint(IPAddress.Loopback, 40001), request.TransactionId)),
            new(TurnAttributeType.Lifetime, lifetime),
        };
        attributes.AddRange(extra ?? []);
        return TurnMessageCodec.Encode((ushort)(TurnMethod.Allocate | TurnMethod.SuccessClass), request.TransactionId, attributes, key, sha256);
    }

    public static StunAttribute ErrorCode(int code, string reason)
    {
        var phrase = Encoding.UTF8.GetBytes(reason);
        var value = new byte[4 + phrase.Length];
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        phrase.CopyTo(value, 4);
        return new StunAttribute(TurnAttributeType.ErrorCode, value);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        var buffer = new byte[2048];
        while (!_stop.IsCancellationRequested)
        {
            var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            var raw = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            if (!StunMessage.TryParse(raw, out var request, out _))
                continue;
            Interlocked.Increment(ref _requests);
            foreach (var datagram in _script(request, raw))
                await _socket.SendToAsync(datagram, SocketFlags.None, received.RemoteEndPoint, _stop.Token);
        }
    }
}
