using System.Buffers.Binary;
using System.Net;
using Ipv8.Keys;

namespace Ipv8.Connectivity.Pipes;

/// <summary>
/// A reliable, ordered, message-framed, bidirectional pipe over a TCP stream, mutually authenticated with
/// both peers' IPv8 keys and encrypted (see <see cref="PipeHandshake"/>). Each message travels as one frame:
/// u32 big-endian ciphertext length ‖ ChaCha20-Poly1305 ciphertext (message ‖ 16-byte tag). One sender and
/// one receiver may run concurrently; concurrent sends are serialised. Any framing or authentication error
/// fails the pipe for good.
/// </summary>
public sealed class SecurePipe : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly FrameCipher _sendCipher;
    private readonly FrameCipher _receiveCipher;
    private readonly PipeOptions _options;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly SemaphoreSlim _receiveLock = new(1, 1);
    private readonly byte[] _token;
    private int _broken;
    private int _disposed;

    internal SecurePipe(Stream stream, FrameCipher sendCipher, FrameCipher receiveCipher, PipeOptions options, PublicKey remoteKey, string protocol, byte[] token, bool isInitiator, EndPoint? remoteEndPoint)
    {
        _stream = stream;
        _sendCipher = sendCipher;
        _receiveCipher = receiveCipher;
        _options = options;
        _token = token;
        RemoteKey = remoteKey;
        Protocol = protocol;
        IsInitiator = isInitiator;
        RemoteEndPoint = remoteEndPoint;
    }

    /// <summary>Gets the authenticated IPv8 key of the other side.</summary>
    public PublicKey RemoteKey { get; }

    /// <summary>Gets the protocol name the initiator asked for.</summary>
    public string Protocol { get; }

    /// <summary>Gets whether this side started the handshake (made or completed the TCP connect as initiator).</summary>
    public bool IsInitiator { get; }

    /// <summary>Gets the remote TCP endpoint, when known.</summary>
    public EndPoint? RemoteEndPoint { get; }

    /// <summary>Gets the reverse-connection token the initiator presented (empty when none).</summary>
    internal ReadOnlySpan<byte> Token => _token;

    /// <summary>Gets the largest message this pipe sends or accepts.</summary>
    public int MaxMessageLength => _options.MaxFrameLength;

    /// <summary>Sends one message.</summary>
    /// <exception cref="ArgumentException">The message exceeds <see cref="MaxMessageLength"/>.</exception>
    /// <exception cref="PipeException">The pipe has failed before.</exception>
    /// <exception cref="IOException">The connection broke.</exception>
    /// <exception cref="ObjectDisposedException">The pipe was disposed.</exception>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        if (message.Length > _options.MaxFrameLength)
            throw new ArgumentException($"A message of {message.Length} bytes exceeds this pipe's {_options.MaxFrameLength}-byte limit.", nameof(message));
        ThrowIfUnusable();
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var ciphertext = _sendCipher.Seal(message.Span);
            var frame = new byte[4 + ciphertext.Length];
            BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)ciphertext.Length);
            ciphertext.CopyTo(frame, 4);
            await _stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // A half-written frame desynchronises the stream; nothing after it could be trusted.
            Volatile.Write(ref _broken, 1);
            throw;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Receives the next message; null when the other side closed the connection cleanly between frames.</summary>
    /// <exception cref="PipeException">A frame was oversized, truncated, tampered with, replayed or reordered, or none arrived within <see cref="PipeOptions.IdleTimeout"/> (the pipe is failed and closed afterwards).</exception>
    /// <exception cref="IOException">The connection broke.</exception>
    /// <exception cref="ObjectDisposedException">The pipe was disposed.</exception>
    public async ValueTask<byte[]?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfUnusable();
        await _receiveLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_options.IdleTimeout != Timeout.InfiniteTimeSpan)
            idle.CancelAfter(_options.IdleTimeout);
        try
        {
            var header = new byte[4];
            var read = await _stream.ReadAtLeastAsync(header, 4, throwOnEndOfStream: false, idle.Token).ConfigureAwait(false);
            if (read == 0)
                return null;
            if (read < 4)
                throw Break("the connection closed inside a frame header");
            var length = BinaryPrimitives.ReadUInt32BigEndian(header);
            if (length < FrameCipher.TagLength || length > (uint)_options.MaxFrameLength + FrameCipher.TagLength)
                throw Break($"a frame announced {length} bytes; the limit is {_options.MaxFrameLength + FrameCipher.TagLength}");
            var ciphertext = new byte[length];
            read = await _stream.ReadAtLeastAsync(ciphertext, ciphertext.Length, throwOnEndOfStream: false, idle.Token).ConfigureAwait(false);
            if (read < ciphertext.Length)
                throw Break("the connection closed inside a frame");
            if (!_receiveCipher.TryOpen(ciphertext, out var plaintext))
                throw Break("a frame failed authentication (tampered, replayed or reordered)");
            return plaintext;
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Closing the stream frees the socket at once; the sender sees the connection end.
            var error = Break($"no frame arrived within the idle timeout of {_options.IdleTimeout.TotalMilliseconds:0} ms; the pipe is closed");
            await _stream.DisposeAsync().ConfigureAwait(false);
            throw error;
        }
        catch (OperationCanceledException)
        {
            // A cancelled read may have consumed part of a frame.
            Volatile.Write(ref _broken, 1);
            throw;
        }
        finally
        {
            _receiveLock.Release();
        }
    }

    /// <summary>Closes the connection and releases the keys. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await _stream.DisposeAsync().ConfigureAwait(false);
        _sendCipher.Dispose();
        _receiveCipher.Dispose();
        _sendLock.Dispose();
        _receiveLock.Dispose();
    }

    private PipeException Break(string reason)
    {
        Volatile.Write(ref _broken, 1);
        return new PipeException($"Pipe to {RemoteKey.MidHex[..8]} failed: {reason}.");
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Volatile.Read(ref _broken) != 0)
            throw new PipeException("The pipe has failed before and cannot be used.");
    }
}
