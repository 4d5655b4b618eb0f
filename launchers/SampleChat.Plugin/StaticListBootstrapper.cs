using Ipv8;
using Ipv8.Bootstrapping;
using Ipv8.Discovery;
using Ipv8.Messaging;

namespace SampleChat;

/// <summary>
/// Bootstraps from a fixed list of addresses given in configuration: each round (at most once per
/// <see cref="StaticListBootstrapperOptions.Interval"/> by the overlay's clock) returns the addresses, and the overlay
/// walks to them. Lists of trackers (<see cref="StaticListBootstrapperOptions.Servers"/>, the default) are blacklisted so
/// they never count as peers, and one of them is walked to on each keep-alive, in turn; lists of ordinary peers skip the
/// ones already verified.
/// </summary>
/// <remarks>
/// Needs no network access of its own (no DNS, no sockets), so every method completes synchronously and never throws for
/// network faults. Thread-safe. Use one instance per overlay.
/// </remarks>
[ComponentOptions(typeof(StaticListBootstrapperOptions))]
public sealed class StaticListBootstrapper : IBootstrapper
{
    private readonly Lock _gate = new();
    private readonly UdpAddress[] _addresses;
    private DateTimeOffset? _lastRound;
    private int _nextKeepAlive;
    private volatile bool _initialized;

    /// <summary>Creates the bootstrapper.</summary>
    /// <param name="options">The address list and timing.</param>
    /// <exception cref="ArgumentException">A setting is invalid (see <see cref="StaticListBootstrapperOptions.Validate"/>).</exception>
    public StaticListBootstrapper(StaticListBootstrapperOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is [var problem, ..])
        {
            throw new ArgumentException(problem, nameof(options));
        }

        Options = options;
        _addresses = [.. options.Addresses.Distinct()];
    }

    /// <summary>Gets the settings.</summary>
    public StaticListBootstrapperOptions Options { get; }

    /// <inheritdoc/>
    public bool IsInitialized => _initialized;

    /// <summary>Gets the number of rounds that returned addresses.</summary>
    public long Rounds { get; private set; }

    /// <summary>Gets the number of calls refused because <see cref="StaticListBootstrapperOptions.Interval"/> had not passed.</summary>
    public long RateLimitedCalls { get; private set; }

    /// <inheritdoc/>
    /// <remarks>Blacklists the addresses when they are servers. Always returns true.</remarks>
    public Task<bool> InitializeAsync(IDiscoveryOverlay overlay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        cancellationToken.ThrowIfCancellationRequested();
        if (Options.Servers)
        {
            foreach (var address in _addresses)
            {
                overlay.Network.AddToBlacklist(address);
            }
        }

        _initialized = true;
        return Task.FromResult(true);
    }

    /// <inheritdoc/>
    /// <remarks>Returns an empty list when called again within <see cref="StaticListBootstrapperOptions.Interval"/>.</remarks>
    public Task<IReadOnlyList<UdpAddress>> GetAddressesAsync(IDiscoveryOverlay overlay, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var now = overlay.TimeProvider.GetUtcNow();
            if (_lastRound is { } last && now - last < Options.Interval)
            {
                RateLimitedCalls++;
                return Task.FromResult<IReadOnlyList<UdpAddress>>([]);
            }

            _lastRound = now;
            Rounds++;
        }

        UdpAddress[] result = Options.Servers
            ? _addresses
            : [.. _addresses.Where(a => overlay.Network.GetVerifiedByAddress(a) is null)];
        Log.BootstrapRound(overlay.Logger, result.Length);
        return Task.FromResult<IReadOnlyList<UdpAddress>>(result);
    }

    /// <inheritdoc/>
    /// <remarks>For servers, walks to the next address of the list in turn; for ordinary peers, does nothing.</remarks>
    public void KeepAlive(IDiscoveryOverlay overlay)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        if (!Options.Servers || !_initialized)
        {
            return;
        }

        UdpAddress address;
        lock (_gate)
        {
            address = _addresses[_nextKeepAlive];
            _nextKeepAlive = (_nextKeepAlive + 1) % _addresses.Length;
        }

        overlay.WalkTo(address);
    }

    /// <inheritdoc/>
    public IReadOnlyCollection<UdpAddress> Blacklist() => Options.Servers ? _addresses : [];

    /// <inheritdoc/>
    public ValueTask UnloadAsync() => ValueTask.CompletedTask;
}
