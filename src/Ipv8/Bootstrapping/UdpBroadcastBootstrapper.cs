using System.Net.Sockets;
using Ipv8.Discovery;
using Ipv8.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipv8.Bootstrapping;

/// <summary>
/// LAN discovery (py-ipv8 <c>UDPBroadcastBootstrapper</c>, spec 9.3): a separate broadcast socket beacons a 29-byte
/// probe (<c>00 00 "IPv8" 00</c> ‖ the overlay's prefix) to the configured broadcast address on every port of
/// <see cref="UdpBroadcastBootstrapperOptions.BeaconPorts"/>. A probe for our overlay arriving on the broadcast socket
/// makes the overlay walk to its source; a datagram carrying our prefix (the other side's introduction-request) is
/// handed to the overlay as if it arrived on its main socket; anything else is dropped and counted.
/// </summary>
/// <remarks>Use one instance per overlay. Thread-safe; receiving never throws.</remarks>
[ComponentOptions(typeof(UdpBroadcastBootstrapperOptions))]
public sealed class UdpBroadcastBootstrapper : IBootstrapper, IDatagramListener
{
    /// <summary>The length of a probe: 7-byte announce header and a 22-byte prefix.</summary>
    public const int ProbeLength = 29;

    private static readonly byte[] AnnounceHeader = [0x00, 0x00, 0x49, 0x50, 0x76, 0x38, 0x00];

    private readonly Lock _gate = new();
    private readonly UdpBroadcastBootstrapperOptions _options;
    private readonly IBroadcastSocketFactory _factory;
    private readonly ILogger _logger;
    private readonly UdpAddress _broadcast;
    private IEndpoint? _socket;
    private IDiscoveryOverlay? _overlay;
    private byte[]? _prefix;
    private DateTimeOffset? _lastBeacon;
    private long _walkWindow = long.MinValue;
    private int _walksInWindow;
    private volatile bool _initialized;
    private bool _unloaded;
    private long _beacons;
    private long _probesAnswered;
    private long _forwarded;

    /// <summary>Creates the bootstrapper; the socket is opened by <see cref="InitializeAsync"/>.</summary>
    /// <param name="options">Addresses, ports and timing (validated).</param>
    /// <param name="logger">The logger; discards when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">An address is not IPv4.</exception>
    public UdpBroadcastBootstrapper(UdpBroadcastBootstrapperOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _factory = options.SocketFactory ?? new UdpBroadcastSocketFactory(logger);
        _broadcast = UdpAddress.From(options.BroadcastAddress, 0);
    }

    /// <inheritdoc/>
    public bool IsInitialized => _initialized;

    /// <summary>Gets the broadcast socket's bound address; <see cref="UdpAddress.Zero"/> before it is open.</summary>
    public UdpAddress LocalAddress => _socket?.LocalAddress ?? UdpAddress.Zero;

    /// <summary>Gets the number of beacons sent (each is one probe per port of the range).</summary>
    public long Beacons => Interlocked.Read(ref _beacons);

    /// <summary>Gets the number of probes for our overlay answered with a walk.</summary>
    public long ProbesAnswered => Interlocked.Read(ref _probesAnswered);

    /// <summary>Gets the number of datagrams with our prefix handed to the overlay.</summary>
    public long Forwarded => Interlocked.Read(ref _forwarded);

    /// <summary>Gets the datagrams dropped on the broadcast socket, by reason.</summary>
    public CounterSet<DropReason> Drops { get; } = new();

    /// <inheritdoc/>
    /// <remarks>
    /// The first successful call opens the broadcast socket (see <see cref="UdpBroadcastBootstrapperOptions.LocalPort"/>)
    /// and beacons. Returns false (logged) when no socket could be opened; the next round tries again.
    /// </remarks>
    public async Task<bool> InitializeAsync(IDiscoveryOverlay overlay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        lock (_gate)
        {
            if (_initialized || _unloaded)
            {
                return _initialized;
            }

            _overlay = overlay;
            _prefix = CommunityPrefix.Create(overlay.CommunityId.Span).Memory.ToArray();
        }

        var socket = await OpenSocketAsync(cancellationToken).ConfigureAwait(false);
        if (socket is null)
        {
            return false;
        }

        lock (_gate)
        {
            if (_unloaded || _initialized)
            {
                _ = socket.CloseAsync().AsTask();
                return _initialized;
            }

            _socket = socket;
            _initialized = true;
        }

        socket.AddListener(this);
        BootstrapLog.BroadcastOpened(_logger, socket.LocalAddress, _broadcast, _options.BeaconPorts.First, _options.BeaconPorts.Last);
        _lastBeacon = overlay.TimeProvider.GetUtcNow();
        Beacon();
        return true;
    }

    /// <inheritdoc/>
    /// <remarks>Beacons when <see cref="UdpBroadcastBootstrapperOptions.BootstrapTimeout"/> has passed since the last beacon; always returns an empty list.</remarks>
    public Task<IReadOnlyList<UdpAddress>> GetAddressesAsync(IDiscoveryOverlay overlay, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        var now = overlay.TimeProvider.GetUtcNow();
        lock (_gate)
        {
            if (!_initialized || (_lastBeacon is { } last && now - last < _options.BootstrapTimeout))
            {
                return Task.FromResult<IReadOnlyList<UdpAddress>>([]);
            }

            _lastBeacon = now;
        }

        Beacon();
        return Task.FromResult<IReadOnlyList<UdpAddress>>([]);
    }

    /// <inheritdoc/>
    /// <remarks>Beacons (no rate limit, as py-ipv8).</remarks>
    public void KeepAlive(IDiscoveryOverlay overlay) => Beacon();

    /// <inheritdoc/>
    public IReadOnlyCollection<UdpAddress> Blacklist() => [];

    /// <inheritdoc/>
    /// <remarks>Closes the broadcast socket.</remarks>
    public async ValueTask UnloadAsync()
    {
        IEndpoint? socket;
        lock (_gate)
        {
            _unloaded = true;
            socket = _socket;
            _socket = null;
        }

        if (socket is not null)
        {
            socket.RemoveListener(this);
            await socket.CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Handles a datagram received on the broadcast socket (spec 9.3). Never throws; drops are counted in <see cref="Drops"/>.</summary>
    public void OnDatagram(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        var overlay = _overlay;
        var prefix = _prefix;
        if (overlay is null || prefix is null || _unloaded)
        {
            return;
        }

        if (_options.SourceFilter is { } filter && !filter(source))
        {
            Drops.Increment(DropReason.Blacklisted);
            return;
        }

        if (datagram.StartsWith(AnnounceHeader))
        {
            OnProbe(overlay, prefix, source, datagram[AnnounceHeader.Length..]);
        }
        else if (datagram.Length > CommunityPrefix.Length && datagram.StartsWith(prefix))
        {
            if (overlay is IDatagramListener listener)
            {
                Interlocked.Increment(ref _forwarded);
                listener.OnDatagram(source, datagram);
            }
            else
            {
                Drops.Increment(DropReason.UnknownPrefix);
            }
        }
        else
        {
            Drops.Increment(DropReason.UnknownPrefix);
        }
    }

    private void OnProbe(IDiscoveryOverlay overlay, byte[] prefix, UdpAddress source, ReadOnlySpan<byte> announced)
    {
        if (!announced.SequenceEqual(prefix))
        {
            Drops.Increment(DropReason.UnknownPrefix);
            return;
        }

        if (IsOwnSocket(source))
        {
            return;
        }

        lock (overlay.Network.SyncRoot)
        {
            var second = overlay.TimeProvider.GetTimestamp() / overlay.TimeProvider.TimestampFrequency;
            if (second != _walkWindow)
            {
                _walkWindow = second;
                _walksInWindow = 0;
            }

            if (++_walksInWindow > _options.MaxWalksPerSecond)
            {
                Drops.Increment(DropReason.RateLimited);
                return;
            }

            Interlocked.Increment(ref _probesAnswered);
            overlay.WalkTo(source);
        }
    }

    /// <summary>True for our own beacon coming back (same port, and our exact address or loopback while bound to the wildcard).</summary>
    private bool IsOwnSocket(UdpAddress source)
    {
        var local = LocalAddress;
        if (local.Port != source.Port)
        {
            return false;
        }

        return source == local || (local.IsIPv4 && local.IPv4Value == 0 && source.IsIPv4 && (source.IPv4Value >> 24) == 127);
    }

    private void Beacon()
    {
        var socket = _socket;
        var prefix = _prefix;
        if (socket is null || prefix is null)
        {
            return;
        }

        Span<byte> probe = stackalloc byte[ProbeLength];
        AnnounceHeader.CopyTo(probe);
        prefix.CopyTo(probe[AnnounceHeader.Length..]);
        var range = _options.BeaconPorts;
        for (var port = range.First; port <= range.Last; port++)
        {
            socket.Send(_broadcast.WithPort((ushort)port), probe);
        }

        Interlocked.Increment(ref _beacons);
    }

    private async Task<IEndpoint?> OpenSocketAsync(CancellationToken cancellationToken)
    {
        var local = UdpAddress.From(_options.LocalAddress, 0);
        if (_options.LocalPort is { } port)
        {
            return await TryOpenAsync(local.WithPort((ushort)port), _options.ReuseAddress, cancellationToken).ConfigureAwait(false);
        }

        var range = _options.BeaconPorts;
        var attempts = Math.Min(range.Count, 64);
        for (var i = 0; i < attempts; i++)
        {
            var candidate = range.First + i;
            if (candidate == 0)
            {
                continue;
            }

            if (await TryOpenAsync(local.WithPort((ushort)candidate), false, cancellationToken).ConfigureAwait(false) is { } socket)
            {
                return socket;
            }
        }

        return await TryOpenAsync(local, _options.ReuseAddress, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IEndpoint?> TryOpenAsync(UdpAddress address, bool reuse, CancellationToken cancellationToken)
    {
        try
        {
            return await _factory.OpenAsync(address, reuse, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            BootstrapLog.BroadcastOpenFailed(_logger, ex, address);
            return null;
        }
    }
}
