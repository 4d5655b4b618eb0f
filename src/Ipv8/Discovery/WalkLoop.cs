using Ipv8.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipv8.Discovery;

/// <summary>
/// The walk scheduler of one host (py-ipv8's strategy loop, spec 8.1): every <see cref="WalkLoopOptions.WalkerInterval"/>
/// it steps each registered strategy whose overlay has fewer peers than the registration's target (-1: always), while the
/// registration's endpoint is open. Driven by a <see cref="TimeProvider"/>, so a virtual clock drives it in simulations.
/// </summary>
/// <remarks>
/// <para>Scheduling differs from py-ipv8 on purpose: instead of running all strategies back to back once per tick, each
/// registration has its own periodic timer with a phase offset within the interval (random, from
/// <see cref="WalkLoopOptions.Seed"/>, when <see cref="WalkLoopOptions.SpreadSteps"/> is set), so a thousand overlays or
/// hosts do not all fire in one burst. Each strategy still steps once per interval.</para>
/// <para>Each step runs while holding the overlay's <c>Network.SyncRoot</c>. A step that throws is logged (first failure of a
/// registration at Warning, later ones at Debug), counted in <see cref="Failures"/> and
/// <see cref="WalkRegistration.Failures"/>, and never stops the loop.</para>
/// <para>Thread-safe: registrations may be added and removed at any time, also from inside a step.</para>
/// </remarks>
public sealed class WalkLoop : IDisposable
{
    private readonly object _gate = new();
    private readonly List<WalkRegistration> _registrations = [];
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Random _random;
    private bool _running;
    private bool _disposed;
    private long _steps;
    private long _failures;

    /// <summary>Creates a stopped loop with no registrations.</summary>
    /// <param name="timeProvider">The clock driving the loop.</param>
    /// <param name="options">The settings; defaults (0.5 s, spread) when null.</param>
    /// <param name="logger">Where failing steps are logged; discarded when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public WalkLoop(TimeProvider timeProvider, WalkLoopOptions? options = null, ILogger<WalkLoop>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        Options = options ?? new WalkLoopOptions();
        Options.ThrowIfInvalid();
        _timeProvider = timeProvider;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _random = Options.Seed is { } seed ? new Random(seed) : new Random();
    }

    /// <summary>Gets the settings.</summary>
    public WalkLoopOptions Options { get; }

    /// <summary>Gets a value indicating whether the loop is started.</summary>
    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    /// <summary>Gets the number of steps taken by all registrations (including those that threw).</summary>
    public long Steps => Interlocked.Read(ref _steps);

    /// <summary>Gets the number of steps that threw.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Returns the current registrations (a new list, in registration order).</summary>
    public IReadOnlyList<WalkRegistration> GetRegistrations()
    {
        lock (_gate)
        {
            return [.. _registrations];
        }
    }

    /// <summary>
    /// Registers <paramref name="strategy"/> for <paramref name="overlay"/> (py-ipv8 <c>add_strategy(overlay, strategy, target_peers)</c>).
    /// When the loop is running the strategy starts stepping after its phase offset.
    /// </summary>
    /// <param name="overlay">The overlay whose peer count is compared with <paramref name="targetPeers"/>.</param>
    /// <param name="strategy">The strategy to step.</param>
    /// <param name="targetPeers">Step only while the overlay has fewer peers than this; -1 steps always.</param>
    /// <param name="endpoint">
    /// The endpoint that must be open for the strategy to step; when null, the overlay's own
    /// (<see cref="IDiscoveryOverlay.Endpoint"/>) is used, and an overlay without one is always stepped.
    /// </param>
    /// <returns>The registration handle.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="targetPeers"/> is below -1.</exception>
    /// <exception cref="ObjectDisposedException">The loop was disposed.</exception>
    public WalkRegistration Add(IDiscoveryOverlay overlay, IDiscoveryStrategy strategy, int targetPeers = -1, IEndpoint? endpoint = null)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetPeers, -1);
        endpoint ??= overlay.Endpoint;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var offset = Options.SpreadSteps
                ? TimeSpan.FromTicks((long)(_random.NextDouble() * Options.WalkerInterval.Ticks))
                : Options.WalkerInterval;
            var registration = new WalkRegistration(this, overlay, strategy, targetPeers, endpoint, offset);
            _registrations.Add(registration);
            if (_running)
            {
                Arm(registration);
            }

            return registration;
        }
    }

    /// <summary>Stops stepping <paramref name="registration"/> and forgets it. Returns false when it was not registered here.</summary>
    public bool Remove(WalkRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        lock (_gate)
        {
            if (!_registrations.Remove(registration))
            {
                return false;
            }

            registration.IsRegistered = false;
            registration.Timer?.Dispose();
            registration.Timer = null;
            return true;
        }
    }

    /// <summary>Removes every registration of <paramref name="overlay"/> (e.g. when it unloads). Returns how many were removed.</summary>
    public int RemoveAll(IDiscoveryOverlay overlay)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        var removed = 0;
        foreach (var registration in GetRegistrations())
        {
            if (ReferenceEquals(registration.Overlay, overlay) && Remove(registration))
            {
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Starts stepping every registration (each after its phase offset). Starting a running loop does nothing.</summary>
    /// <exception cref="ObjectDisposedException">The loop was disposed.</exception>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_running)
            {
                return;
            }

            _running = true;
            foreach (var registration in _registrations)
            {
                Arm(registration);
            }
        }
    }

    /// <summary>Stops stepping; registrations are kept and <see cref="Start"/> resumes them. A step already running finishes.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _running = false;
            foreach (var registration in _registrations)
            {
                registration.Timer?.Dispose();
                registration.Timer = null;
            }
        }
    }

    /// <summary>Stops the loop and forgets every registration. Idempotent.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            Stop();
            foreach (var registration in _registrations)
            {
                registration.IsRegistered = false;
            }

            _registrations.Clear();
            _disposed = true;
        }
    }

    /// <summary>One tick of one registration (timer callback).</summary>
    internal void Tick(WalkRegistration registration)
    {
        if (!registration.IsRegistered || registration.Timer is null)
        {
            return;
        }

        var overlay = registration.Overlay;
        lock (overlay.Network.SyncRoot)
        {
            if (!registration.IsRegistered
                || registration.Endpoint is { IsOpen: false }
                || overlay.IsUnloaded)
            {
                return;
            }

            if (registration.TargetPeers >= 0 && overlay.Network.CountPeersForService(registration.Service) >= registration.TargetPeers)
            {
                return;
            }

            registration.CountStep();
            Interlocked.Increment(ref _steps);
            try
            {
                registration.Strategy.TakeStep();
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref _failures);
                var count = registration.CountFailure();
                if (count == 1)
                {
                    Log.StrategyFailed(_logger, ex, registration.StrategyName, count);
                }
                else if (_logger.IsEnabled(LogLevel.Debug))
                {
                    Log.StrategyFailedAgain(_logger, ex, registration.StrategyName, count);
                }
            }
        }
    }

    private void Arm(WalkRegistration registration)
    {
        registration.Timer?.Dispose();
        registration.Timer = _timeProvider.CreateTimer(static state => ((WalkRegistration)state!).Fire(), registration, registration.PhaseOffset, Options.WalkerInterval);
    }
}
