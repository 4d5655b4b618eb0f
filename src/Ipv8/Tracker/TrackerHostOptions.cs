using System.Net;

namespace Ipv8.Tracker;

/// <summary>Settings of <c>TrackerHost.RunAsync</c> (the <c>launcher tracker</c> command).</summary>
public sealed record TrackerHostOptions
{
    /// <summary>The default listen port (py-ipv8's tracker default).</summary>
    public const int DefaultListenPort = 8090;

    /// <summary>
    /// Gets the IPv4 address to bind. Default <see cref="IPAddress.Any"/> (0.0.0.0) for real deployments; tests bind
    /// <see cref="IPAddress.Loopback"/>.
    /// </summary>
    public IPAddress ListenAddress { get; init; } = IPAddress.Any;

    /// <summary>Gets the UDP port to listen on (<c>--listen-port</c>); 0 lets the OS choose. Default 8090.</summary>
    public int ListenPort { get; init; } = DefaultListenPort;

    /// <summary>Gets how long to run before stopping by itself; null (default) runs until cancelled.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>
    /// Gets how often the host logs a status line (Information): peers, communities, pending pings and every non-zero
    /// counter of <see cref="TrackerCounters.ToFlatDictionary"/> (drops by reason, limiter, tracker). Null: no status
    /// line. Default 60 s.
    /// </summary>
    public TimeSpan? StatusInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Gets the number of receive workers of the tracker's socket (<see cref="Messaging.UdpEndpointOptions.ReceiveWorkers"/>:
    /// 0 handles datagrams on the receive thread; N verifies and signs on up to N cores). Default: the processor count
    /// (0 on one core). Must be 0 to 64.
    /// </summary>
    public int ReceiveWorkers { get; init; } = Messaging.UdpEndpointOptions.DefaultReceiveWorkers;

    /// <summary>Gets the requested SO_RCVBUF of the tracker's socket in bytes (the OS may cap it). Default 870 400, as py-ipv8. Must be positive.</summary>
    public int ReceiveBufferSize { get; init; } = Messaging.UdpEndpointOptions.DefaultReceiveBufferSize;

    /// <summary>
    /// Gets the loop that receives the tracker's socket (<see cref="Messaging.UdpEndpointOptions.ReceiveLoop"/>), owned by
    /// whoever set it (the launcher gives its hosted tracker the loop of its overlay instances). Default null: a private loop.
    /// </summary>
    public Messaging.UdpReceiveLoop? ReceiveLoop { get; init; }

    /// <summary>Gets the tracker's own settings (key, timing, bounds).</summary>
    public TrackerOptions Tracker { get; init; } = new();

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The port is outside 0..65535, the duration, status interval or receive buffer is not positive, or the receive workers are outside 0..64.</exception>
    /// <exception cref="ArgumentException">The listen address is not IPv4 (the tracker speaks the IPv4-only old format).</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(ListenAddress);
        ArgumentNullException.ThrowIfNull(Tracker);
        ArgumentOutOfRangeException.ThrowIfNegative(ListenPort);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ListenPort, ushort.MaxValue);
        ArgumentOutOfRangeException.ThrowIfNegative(ReceiveWorkers);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ReceiveWorkers, Messaging.UdpEndpointOptions.MaxReceiveWorkers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ReceiveBufferSize);
        if (Duration is { } duration)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        }

        if (StatusInterval is { } interval)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        }

        if (ListenAddress.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            throw new ArgumentException("The tracker listens on IPv4 only (it answers in the old IPv4 format).", nameof(ListenAddress));
        }

        Tracker.ThrowIfInvalid();
    }
}
