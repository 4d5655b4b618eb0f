using System.Net.Sockets;
using Ipv8.Discovery;
using Ipv8.Messaging;
using Microsoft.Extensions.Logging;

namespace Ipv8.Bootstrapping;

/// <summary>
/// Bootstraps from trackers (py-ipv8 <c>DispersyBootstrapper</c>, spec 9.2): walks to every tracker at most once per
/// <see cref="DispersyBootstrapperOptions.BootstrapTimeout"/> with an ordinary (old-format) introduction-request and
/// lets the trackers' introduction-responses bring the peers; returns no addresses itself. Tracker addresses are
/// added to the network's blacklist so they never count as peers.
/// </summary>
/// <remarks>
/// <para>Host names are resolved asynchronously through an <see cref="IHostNameResolver"/> (IPv4 results only, as
/// py-ipv8's resolver). A name that does not resolve is logged and retried at the next due
/// <see cref="GetAddressesAsync"/>; it is never fatal. A due round waits for a pending resolution (up to its timeout)
/// before walking, so trackers known only by name are contacted in the first round.</para>
/// <para>Use one instance per overlay (its rate limit and tracker list are per instance). Thread-safe.</para>
/// </remarks>
[ComponentOptions(typeof(DispersyBootstrapperOptions))]
public sealed class DispersyBootstrapper : IBootstrapper
{
    private readonly Lock _gate = new();
    private readonly DispersyBootstrapperOptions _options;
    private readonly IHostNameResolver _resolver;
    private readonly ILogger? _logger;
    private readonly List<UdpAddress> _trackers = [];
    private readonly List<DnsAddress> _unresolved = [];
    private Task? _resolving;
    private DateTimeOffset? _lastBootstrap;
    private int _peerlessRounds;
    private DateTimeOffset? _lastResolution;
    private volatile bool _initialized;
    private long _resolutionFailures;
    private long _rateLimited;
    private long _walks;

    /// <summary>Creates the bootstrapper.</summary>
    /// <param name="options">Tracker addresses, names and timing (validated).</param>
    /// <param name="resolver">The name resolver; <see cref="SystemHostNameResolver"/> when null.</param>
    /// <param name="logger">The logger; the overlay's logger when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public DispersyBootstrapper(DispersyBootstrapperOptions options, IHostNameResolver? resolver = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _options = options;
        _resolver = resolver ?? new SystemHostNameResolver();
        _logger = logger;
        foreach (var address in options.IpAddresses)
        {
            if (!_trackers.Contains(address))
            {
                _trackers.Add(address);
            }
        }

        _unresolved.AddRange(options.DnsAddresses.Distinct());
    }

    /// <inheritdoc/>
    public bool IsInitialized => _initialized;

    /// <summary>Gets the number of failed name resolutions (each failure is logged and retried later).</summary>
    public long ResolutionFailures => Interlocked.Read(ref _resolutionFailures);

    /// <summary>Gets the number of <see cref="GetAddressesAsync"/> calls skipped because the bootstrap timeout had not passed.</summary>
    public long RateLimitedCalls => Interlocked.Read(ref _rateLimited);

    /// <summary>Gets the number of introduction-requests sent to trackers (rounds and keep-alives).</summary>
    public long Walks => Interlocked.Read(ref _walks);

    /// <summary>Gets the host names not resolved yet.</summary>
    public IReadOnlyList<DnsAddress> UnresolvedNames
    {
        get
        {
            lock (_gate)
            {
                return [.. _unresolved];
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The first call blacklists the configured tracker addresses and resolves the names (failures are logged, not
    /// thrown); later calls only wait for a resolution still in progress. Always returns true.
    /// </remarks>
    public async Task<bool> InitializeAsync(IDiscoveryOverlay overlay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        Task resolving;
        lock (_gate)
        {
            if (!_initialized)
            {
                _initialized = true;
                foreach (var address in _trackers)
                {
                    overlay.Network.AddToBlacklist(address);
                }

                resolving = StartResolution(overlay, cancellationToken);
            }
            else
            {
                resolving = _resolving ?? Task.CompletedTask;
            }
        }

        await resolving.WaitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Returns at once (empty) when less than <see cref="DispersyBootstrapperOptions.BootstrapTimeout"/> passed since the
    /// last due call (by the overlay's clock), or, while the overlay has no verified peer, less than the peerless back-off
    /// (<see cref="DispersyBootstrapperOptions.PeerlessRetry"/>, doubling per peerless round). Otherwise retries unresolved names, waits up to <paramref name="timeout"/>
    /// for them, then walks to every tracker. Always returns an empty list.
    /// </remarks>
    public async Task<IReadOnlyList<UdpAddress>> GetAddressesAsync(IDiscoveryOverlay overlay, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        Task resolving;
        lock (_gate)
        {
            var now = overlay.TimeProvider.GetUtcNow();
            var peerless = overlay.GetPeers().Count == 0;
            if (_lastBootstrap is { } last && now - last < RoundInterval(peerless))
            {
                Interlocked.Increment(ref _rateLimited);
                return [];
            }

            _lastBootstrap = now;
            _peerlessRounds = peerless ? Math.Min(_peerlessRounds + 1, 30) : 0;
            resolving = _lastResolution is { } resolved && now - resolved < _options.BootstrapTimeout
                ? _resolving ?? Task.CompletedTask
                : StartResolution(overlay, cancellationToken);
        }

        if (!resolving.IsCompleted)
        {
            try
            {
                await resolving.WaitAsync(timeout, overlay.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Walk to what is known; the names are retried next round.
            }
        }

        lock (overlay.Network.SyncRoot)
        {
            foreach (var tracker in Snapshot())
            {
                Walk(overlay, tracker);
            }
        }

        return [];
    }

    /// <inheritdoc/>
    /// <remarks>Walks to one random tracker (ensuring it is blacklisted); does nothing when no tracker is known.</remarks>
    public void KeepAlive(IDiscoveryOverlay overlay)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        UdpAddress tracker;
        lock (_gate)
        {
            if (_trackers.Count == 0)
            {
                return;
            }

            tracker = _trackers[overlay.Random.Next(_trackers.Count)];
        }

        Walk(overlay, tracker);
    }

    /// <inheritdoc/>
    public IReadOnlyCollection<UdpAddress> Blacklist() => Snapshot();

    /// <inheritdoc/>
    public ValueTask UnloadAsync() => ValueTask.CompletedTask;

    /// <summary>The least time since the last round: <c>bootstrap_timeout</c>, or the peerless back-off when shorter (call under the gate).</summary>
    private TimeSpan RoundInterval(bool peerless)
    {
        // _peerlessRounds counts the rounds in a row made without peers (0 when the last round had peers).
        if (!peerless || _options.PeerlessRetry <= TimeSpan.Zero || _peerlessRounds == 0)
        {
            return _options.BootstrapTimeout;
        }

        var backoff = _options.PeerlessRetry.Ticks << Math.Min(_peerlessRounds - 1, 20);
        return TimeSpan.FromTicks(Math.Min(backoff, _options.BootstrapTimeout.Ticks));
    }

    private UdpAddress[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _trackers];
        }
    }

    private void Walk(IDiscoveryOverlay overlay, UdpAddress tracker)
    {
        overlay.Network.AddToBlacklist(tracker);
        overlay.WalkTo(tracker);
        Interlocked.Increment(ref _walks);
    }

    /// <summary>Starts resolving the unresolved names unless a resolution is running (call under <see cref="_gate"/>).</summary>
    private Task StartResolution(IDiscoveryOverlay overlay, CancellationToken cancellationToken)
    {
        if (_resolving is { IsCompleted: false } running)
        {
            return running;
        }

        if (_unresolved.Count == 0)
        {
            return Task.CompletedTask;
        }

        _lastResolution = overlay.TimeProvider.GetUtcNow();
        _resolving = ResolveAllAsync(overlay, [.. _unresolved], cancellationToken);
        return _resolving;
    }

    private async Task ResolveAllAsync(IDiscoveryOverlay overlay, DnsAddress[] names, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ResolveTimeout, overlay.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var tasks = new Task[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            tasks[i] = ResolveOneAsync(overlay, names[i], linked.Token);
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private async Task ResolveOneAsync(IDiscoveryOverlay overlay, DnsAddress name, CancellationToken cancellationToken)
    {
        var logger = _logger ?? overlay.Logger;
        try
        {
            var addresses = await _resolver.ResolveAsync(name.Host, cancellationToken).ConfigureAwait(false);
            var ipv4 = Array.Find(addresses ?? [], a => a.AddressFamily == AddressFamily.InterNetwork);
            if (ipv4 is null)
            {
                Interlocked.Increment(ref _resolutionFailures);
                BootstrapLog.NoIPv4Address(logger, name.Host);
                return;
            }

            var address = UdpAddress.From(ipv4, name.Port);
            lock (_gate)
            {
                _unresolved.Remove(name);
                if (!_trackers.Contains(address))
                {
                    _trackers.Add(address);
                }
            }

            overlay.Network.AddToBlacklist(address);
            BootstrapLog.Resolved(logger, name.Host, address);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Interlocked.Increment(ref _resolutionFailures);
            BootstrapLog.ResolveFailed(logger, name.Host, ex.Message);
        }
    }
}
