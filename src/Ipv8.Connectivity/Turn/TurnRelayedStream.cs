using System.Net;
using System.Net.Sockets;

namespace Ipv8.Connectivity.Turn;

/// <summary>
/// The data connection of one peer of a TCP allocation (RFC 6062 §5.3, after ConnectionBind): a plain byte
/// stream to the peer through the relay. It fails with an <see cref="IOException"/> naming the cause as soon as
/// the allocation's control connection fails (relay gone, refresh refused), rather than waiting for TCP to notice.
/// When it owns the client, disposing the stream also releases the allocation.
/// </summary>
internal sealed class TurnRelayedStream : Stream
{
    private readonly Socket _socket;
    private readonly NetworkStream _inner;
    private readonly TurnClient _client;
    private readonly bool _ownsClient;
    private readonly CancellationTokenRegistration _onFailure;
    private volatile string? _failure;
    private int _disposed;

    public TurnRelayedStream(Socket socket, TurnClient client, IPEndPoint peer, bool ownsClient)
    {
        _socket = socket;
        _inner = new NetworkStream(socket, ownsSocket: true);
        _client = client;
        _ownsClient = ownsClient;
        Peer = peer;
        _onFailure = client.FailureToken.Register(() =>
        {
            _failure = client.FailureReason ?? "the TURN client was closed";
            try
            {
                // Wakes pending reads and writes at once.
                _socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already closed.
            }
        });
    }

    /// <summary>Gets the peer's address as the relay saw it.</summary>
    public IPEndPoint Peer { get; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfFailed();
        int read;
        try
        {
            read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException && _failure is not null)
        {
            throw Failed(e);
        }

        ThrowIfFailed();
        return read;
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        await ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfFailed();
        try
        {
            await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException && _failure is not null)
        {
            throw Failed(e);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await _onFailure.DisposeAsync().ConfigureAwait(false);
        await _inner.DisposeAsync().ConfigureAwait(false);
        if (_ownsClient)
            await _client.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _onFailure.Dispose();
            _inner.Dispose();
            if (_ownsClient)
                _client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } reason)
            throw new IOException($"The TURN relay connection to {Peer} failed: {reason}.");
    }

    private IOException Failed(Exception inner) => new($"The TURN relay connection to {Peer} failed: {_failure}.", inner);
}
