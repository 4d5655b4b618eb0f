namespace Ipv8.Connectivity.Pipes;

/// <summary>Limits of one pipe and its handshake.</summary>
public sealed class PipeOptions
{
    /// <summary>The largest <see cref="MaxFrameLength"/> allowed: 16 MiB.</summary>
    public const int FrameLengthCeiling = 16 * 1024 * 1024;

    private readonly int _maxFrameLength = 64 * 1024;
    private readonly TimeSpan _idleTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Gets the largest message (plaintext bytes) one frame carries, both ways. Default 64 KiB; at most 16 MiB.
    /// A frame announcing more is refused before its body is read, and the pipe fails.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to less than 1 or more than <see cref="FrameLengthCeiling"/>.</exception>
    public int MaxFrameLength
    {
        get => _maxFrameLength;
        init => _maxFrameLength = value is >= 1 and <= FrameLengthCeiling
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"MaxFrameLength must be 1..{FrameLengthCeiling}.");
    }

    /// <summary>
    /// Gets how long a pipe may stay silent: when no complete frame arrives within this time while
    /// <see cref="SecurePipe.ReceiveAsync"/> waits, the pipe is closed and the receive fails with a
    /// <see cref="PipeException"/> saying so (the server's handlers see the same). Default 2 minutes;
    /// <see cref="Timeout.InfiniteTimeSpan"/> disables it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or a negative time other than <see cref="Timeout.InfiniteTimeSpan"/>.</exception>
    public TimeSpan IdleTimeout
    {
        get => _idleTimeout;
        init => _idleTimeout = value > TimeSpan.Zero || value == Timeout.InfiniteTimeSpan
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "IdleTimeout must be positive or Timeout.InfiniteTimeSpan.");
    }

    /// <summary>Gets how long the whole handshake may take, from the first byte to the accept/refuse answer. Default 5 s.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
