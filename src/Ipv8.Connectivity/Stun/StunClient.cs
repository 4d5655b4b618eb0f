using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipv8.Connectivity.Stun;

/// <summary>
/// An RFC 8489 STUN client for the Binding method over UDP. It sends on a socket the caller owns (so several
/// servers can be asked from the same local port, which is what NAT classification needs), retransmits with
/// doubling timeouts, and accepts only a well-formed answer to its own transaction: datagrams from other
/// sources, other transactions, malformed or with a bad FINGERPRINT are dropped and counted, up to
/// <see cref="StunClientOptions.MaxIgnoredDatagrams"/>.
/// </summary>
public sealed class StunClient
{
    private readonly StunClientOptions _options;
    private readonly ILogger _logger;
    private long _dropped;

    /// <summary>Initializes the client.</summary>
    public StunClient(StunClientOptions? options = null, ILogger<StunClient>? logger = null)
    {
        _options = options ?? new StunClientOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the number of received datagrams dropped as malformed, foreign or unrelated.</summary>
    public long DroppedDatagrams => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Runs one binding transaction from <paramref name="socket"/> (a bound UDP socket) to <paramref name="server"/>.
    /// With a CHANGE-REQUEST the answer is expected from a different source; otherwise only from <paramref name="server"/>.
    /// </summary>
    /// <exception cref="StunException">No valid answer within <see cref="StunClientOptions.TransactionTimeout"/>, an error response, or too many unrelated datagrams.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<StunBindingResult> BindAsync(Socket socket, IPEndPoint server, bool changeIp = false, bool changePort = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(server);
        var request = StunMessage.CreateBindingRequest(changeIp, changePort);
        var requestBytes = request.Encode();
        var transactionId = request.TransactionId.ToArray();
        var expectOtherSource = changeIp || changePort;
        var buffer = new byte[StunMessage.MaxMessageLength + 1];
        var stopwatch = Stopwatch.StartNew();
        using var transaction = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        transaction.CancelAfter(_options.TransactionTimeout);
        var rto = _options.InitialRetransmissionTimeout;
        var ignored = 0;
        var remote = new IPEndPoint(server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);

        try
        {
            while (true)
            {
                await socket.SendToAsync(requestBytes, SocketFlags.None, server, transaction.Token).ConfigureAwait(false);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(transaction.Token);
                wait.CancelAfter(rto);
                rto *= 2;
                try
                {
                    while (true)
                    {
                        var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, remote, wait.Token).ConfigureAwait(false);
                        var source = (IPEndPoint)received.RemoteEndPoint;
                        if (!expectOtherSource && !source.Equals(server))
                        {
                            Drop(ref ignored, $"datagram from {source}, not the server");
                            continue;
                        }

                        if (!TryReadBindingResponse(buffer.AsSpan(0, received.ReceivedBytes), transactionId, out var mapped, out var error, out var isError))
                        {
                            if (isError)
                                throw new StunException($"STUN server {server} answered with an error: {error}.");
                            Drop(ref ignored, error);
                            continue;
                        }

                        return new StunBindingResult(server, source, mapped, stopwatch.Elapsed);
                    }
                }
                catch (OperationCanceledException) when (wait.IsCancellationRequested && !transaction.IsCancellationRequested)
                {
                    // Retransmission timer fired: send again with a doubled timeout.
                }
            }
        }
        catch (OperationCanceledException) when (transaction.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new StunException($"No valid STUN binding response from {server} within {_options.TransactionTimeout.TotalMilliseconds:0} ms ({ignored} unrelated datagrams dropped).");
        }
    }

    /// <summary>
    /// Runs one binding transaction over TCP (RFC 8489 §6.2.2) from <paramref name="local"/> to <paramref name="server"/>.
    /// The socket is bound with address and port reuse, so the local port can be the one a hole punch uses next: the
    /// mapped address is then the public endpoint the NAT gave that port (for an endpoint-independent mapping, the one
    /// a peer will see).
    /// </summary>
    /// <exception cref="StunException">No valid answer within <see cref="StunClientOptions.TransactionTimeout"/>, a refused connection, an error response, or a malformed one.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<StunBindingResult> BindTcpAsync(IPEndPoint local, IPEndPoint server, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(server);
        var request = StunMessage.CreateBindingRequest();
        var transactionId = request.TransactionId.ToArray();
        var stopwatch = Stopwatch.StartNew();
        using var transaction = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        transaction.CancelAfter(_options.TransactionTimeout);
        using var socket = Ladder.TcpDialer.BindShared(local);
        try
        {
            await socket.ConnectAsync(server, transaction.Token).ConfigureAwait(false);
            await socket.SendAsync(request.Encode(), SocketFlags.None, transaction.Token).ConfigureAwait(false);
            var header = new byte[StunMessage.HeaderLength];
            await ReadExactlyAsync(socket, header, transaction.Token).ConfigureAwait(false);
            var length = (header[2] << 8) | header[3];
            if (length > StunMessage.MaxMessageLength - StunMessage.HeaderLength)
                throw new StunException($"STUN server {server} announced a {length}-byte message over TCP; the limit is {StunMessage.MaxMessageLength}.");
            var message = new byte[StunMessage.HeaderLength + length];
            header.CopyTo(message, 0);
            await ReadExactlyAsync(socket, message.AsMemory(StunMessage.HeaderLength), transaction.Token).ConfigureAwait(false);
            if (!TryReadBindingResponse(message, transactionId, out var mapped, out var error, out var isError))
            {
                Interlocked.Increment(ref _dropped);
                throw new StunException(isError ? $"STUN server {server} answered with an error: {error}." : $"STUN server {server} sent an unusable answer over TCP: {error}.");
            }

            return new StunBindingResult(server, server, mapped, stopwatch.Elapsed);
        }
        catch (OperationCanceledException) when (transaction.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new StunException($"No STUN binding response from {server} over TCP within {_options.TransactionTimeout.TotalMilliseconds:0} ms.");
        }
        catch (SocketException e)
        {
            throw new StunException($"STUN over TCP to {server} failed: {e.SocketErrorCode}.", e);
        }
    }

    /// <summary>
    /// Reads a datagram as the answer to the transaction <paramref name="transactionId"/>. Never throws.
    /// False with a reason when it is malformed, another transaction, not a Binding response, or has no
    /// usable address; <paramref name="isErrorResponse"/> is true for a well-formed Binding error response
    /// (the reason then carries its code and phrase).
    /// </summary>
    internal static bool TryReadBindingResponse(ReadOnlySpan<byte> datagram, ReadOnlySpan<byte> transactionId, [NotNullWhen(true)] out IPEndPoint? mapped, [NotNullWhen(false)] out string? error, out bool isErrorResponse)
    {
        mapped = null;
        isErrorResponse = false;
        if (!StunMessage.TryParse(datagram, out var message, out error))
            return false;
        if (!message.TransactionId.SequenceEqual(transactionId))
        {
            error = "another transaction id";
            return false;
        }

        if (message.Type == StunMessageType.BindingErrorResponse)
        {
            isErrorResponse = true;
            error = DescribeError(message);
            return false;
        }

        if (message.Type != StunMessageType.BindingSuccessResponse)
        {
            error = $"message type 0x{message.Type:x4} is not a Binding success response";
            return false;
        }

        foreach (var attribute in message.Attributes)
        {
            if (StunAttributeType.IsComprehensionRequired(attribute.Type)
                && attribute.Type is not (StunAttributeType.MappedAddress or StunAttributeType.XorMappedAddress or StunAttributeType.ErrorCode
                    or StunAttributeType.ChangeRequest or StunAttributeType.MessageIntegrity or StunAttributeType.MessageIntegritySha256))
            {
                // RFC 8489 §7.3.3: unknown comprehension-required attributes in a response discard it.
                error = $"unknown comprehension-required attribute 0x{attribute.Type:x4}";
                return false;
            }
        }

        if (message.Find(StunAttributeType.XorMappedAddress) is { } xor)
            return StunAddressCodec.TryDecodeXorMapped(xor.Value.Span, transactionId, out mapped, out error);
        if (message.Find(StunAttributeType.MappedAddress) is { } plain)
            return StunAddressCodec.TryDecodePlain(plain.Value.Span, out mapped, out error);
        error = "no XOR-MAPPED-ADDRESS or MAPPED-ADDRESS";
        return false;
    }

    private static string DescribeError(StunMessage message)
    {
        if (message.Find(StunAttributeType.ErrorCode) is not { } code || code.Value.Length < 4)
            return "no ERROR-CODE";
        var span = code.Value.Span;
        var number = ((span[2] & 0x07) * 100) + span[3];

        // The reason phrase is the server's text: keep it short and printable before it reaches logs.
        var phrase = new string(System.Text.Encoding.UTF8.GetString(span[4..]).Where(c => !char.IsControl(c)).Take(128).ToArray());
        return $"{number} {phrase}";
    }

    private void Drop(ref int ignored, string reason)
    {
        Interlocked.Increment(ref _dropped);
        ConnectivityLog.StunDropped(_logger, reason);
        if (++ignored > _options.MaxIgnoredDatagrams)
            throw new StunException($"More than {_options.MaxIgnoredDatagrams} unrelated datagrams while waiting for a STUN answer; last: {reason}.");
    }

    private static async Task ReadExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer[read..], SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (n == 0)
                throw new StunException("The STUN server closed the TCP connection inside a message.");
            read += n;
        }
    }
}
