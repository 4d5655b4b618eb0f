namespace Ipv8.Connectivity.Tests.Pipes;

/// <summary>A pass-through stream that remembers the last write and can corrupt the next one, to attack a pipe from inside.</summary>
internal sealed class RecordingStream(Stream inner) : Stream
{
    public Stream Inner { get; } = inner;

    public byte[] LastWrite { get; private set; } = [];

    public bool FlipNextWrite { get; set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush() => Inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => Inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => Inner.Read(buffer, offset, count);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => Inner.ReadAsync(buffer, cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var copy = buffer.ToArray();
        LastWrite = (byte[])copy.Clone();
        if (FlipNextWrite)
        {
            FlipNextWrite = false;
            copy[^1] ^= 0x01;
        }

        return Inner.WriteAsync(copy, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            Inner.Dispose();
        base.Dispose(disposing);
    }
}
