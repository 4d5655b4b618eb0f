using System.Net;
using System.Net.Sockets;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;

namespace Ipv8.Benchmarks.Tracker;

/// <summary>
/// One load source of the tracker and peer load benchmarks (tracker-udp, load-udp): its own UDP socket on 127.0.0.1 (its own source port) and key. It proves its
/// address the way a peer does (answers the tracker's proof and liveness pings with a signed 245 echoing the identifier),
/// (re-sending its request every 500 ms until answered), then keeps <c>window</c> pre-signed introduction-requests in flight: every introduction-response received is counted
/// and immediately replaced by a new request; after 100 ms of silence the window is sent again (lost datagrams). A hardened
/// peer's challenge is an introduction-request too, so the same answer proves the client to a peer with the trust rules on.
/// Open loop (load-udp <c>--offered</c>): the generator calls <see cref="SendRequest"/> at its own pace instead of <see cref="Flood"/>.
/// </summary>
internal sealed class TrackerUdpClient : IDisposable
{
    private readonly Socket _socket;
    private readonly PrivateKey _key;
    private readonly KeyFactory _keys;
    private readonly byte[] _prefix;
    private readonly EndPoint _tracker;
    private readonly UdpAddress _trackerAddress;
    private readonly UdpAddress _own;
    private readonly byte[] _request;
    private readonly int _window;
    private Thread? _thread;
    private volatile bool _stopping;
    private volatile bool _flooding;
    private long _answered;
    private long _pingsAnswered;
    private long _resends;

    /// <summary>Creates the client and its socket bound to <paramref name="bind"/>:0, with its pre-signed request.</summary>
    /// <param name="keys">Parses the tracker's pings.</param>
    /// <param name="key">The client's identity.</param>
    /// <param name="prefix">The community prefix of the requests.</param>
    /// <param name="tracker">The tracker's address.</param>
    /// <param name="window">Requests kept in flight once flooding.</param>
    /// <param name="bind">The loopback address to bind (port 0): 127.0.0.1, or another 127.x.y.z to be in another /24.</param>
    /// <param name="silence">How long without an answer before the window is re-sent (default 100 ms).</param>
    public TrackerUdpClient(KeyFactory keys, PrivateKey key, ReadOnlySpan<byte> prefix, UdpAddress tracker, int window, IPAddress bind, TimeSpan? silence = null)
    {
        _keys = keys;
        _key = key;
        _prefix = prefix.ToArray();
        _window = window;
        _trackerAddress = tracker;
        _tracker = tracker.ToEndPoint();
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = (int)(silence ?? TimeSpan.FromMilliseconds(100)).TotalMilliseconds };
        _socket.Bind(new IPEndPoint(bind, 0));
        _own = UdpAddress.FromEndPoint((IPEndPoint)_socket.LocalEndPoint!);
        var payload = new IntroductionRequestPayload(tracker, _own, _own, Advice: true, ConnectionType.Unknown, 1);
        var buffer = new byte[1024];
        var length = MessageFraming.WriteSigned(buffer, _prefix, IntroductionRequestPayload.MessageId, key, 1, in payload);
        _request = buffer[..length];
    }

    /// <summary>Gets the introduction-responses received (answered introduction-requests).</summary>
    public long Answered => Interlocked.Read(ref _answered);

    /// <summary>Gets the tracker pings (proof and liveness) answered.</summary>
    public long PingsAnswered => Interlocked.Read(ref _pingsAnswered);

    /// <summary>Gets the number of times the window was re-sent after 100 ms of silence.</summary>
    public long Resends => Interlocked.Read(ref _resends);

    /// <summary>Gets the request size in bytes.</summary>
    public int RequestSize => _request.Length;

    /// <summary>Starts the receive thread and sends one request (the tracker answers it with a proof ping).</summary>
    public void Start()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "tracker-bench-client" };
        _thread.Start();
        Send();
    }

    /// <summary>Starts keeping the window full.</summary>
    public void Flood()
    {
        _flooding = true;
        for (var i = 0; i < _window; i++)
        {
            Send();
        }
    }

    /// <summary>Asks the receive thread to end (it does within the receive timeout); <see cref="Dispose"/> waits for it.</summary>
    public void Stop() => _stopping = true;

    public void Dispose()
    {
        _stopping = true;
        _thread?.Join();
        _socket.Dispose();
    }

    /// <summary>Sends one pre-signed introduction-request now (thread-safe; for an open-loop generator).</summary>
    public void SendRequest() => Send();

    private void Send() => _socket.SendTo(_request, _tracker);

    private void Loop()
    {
        var buffer = new byte[2048];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        var silentWhileUnproven = 0;
        while (!_stopping)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                if (_flooding && !_stopping)
                {
                    Interlocked.Increment(ref _resends);
                    for (var i = 0; i < _window; i++)
                    {
                        Send();
                    }
                }
                else if (!_stopping && Answered == 0 && ++silentWhileUnproven % 5 == 0)
                {
                    Send(); // not proven yet after 500 ms: the tracker's unproven-source limits may have refused the request
                }

                continue;
            }

            if (length <= CommunityPrefix.HeaderLength)
            {
                continue;
            }

            var datagram = buffer.AsSpan(0, length);
            switch (datagram[CommunityPrefix.Length])
            {
                case IntroductionResponsePayload.MessageId:
                case NewIntroductionResponsePayload.MessageId: // a peer answers in the new format once it knows we support it
                    Interlocked.Increment(ref _answered);
                    if (_flooding)
                    {
                        Send();
                    }

                    break;
                case IntroductionRequestPayload.MessageId:
                    AnswerPing(datagram);
                    break;
                default:
                    break; // puncture-requests for the peers we were introduced to
            }
        }
    }

    private void AnswerPing(ReadOnlySpan<byte> datagram)
    {
        if (!SignedMessage.TryParse(datagram, hasGlobalTime: true, _keys, out var message, out _)
            || !message.TryReadPayload<IntroductionRequestPayload>(out var ping, out _))
        {
            return;
        }

        var payload = new IntroductionResponsePayload(_trackerAddress, _own, _own, default, default, ConnectionType.Unknown, ping.Identifier);
        Span<byte> buffer = stackalloc byte[1024];
        var length = MessageFraming.WriteSigned(buffer, datagram[..CommunityPrefix.Length], IntroductionResponsePayload.MessageId, _key, 2, in payload);
        _socket.SendTo(buffer[..length], SocketFlags.None, _tracker);
        Interlocked.Increment(ref _pingsAnswered);
    }
}
