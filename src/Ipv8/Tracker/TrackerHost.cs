using System.Diagnostics.Metrics;
using Ipv8.Keys;
using Ipv8.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipv8.Tracker;

/// <summary>
/// Runs a <see cref="TrackerService"/> on its own <see cref="UdpEndpoint"/> (the core of <c>launcher tracker --listen-port PORT</c>),
/// logging a status line with its counters every <see cref="TrackerHostOptions.StatusInterval"/> and once when it stops.
/// </summary>
public sealed class TrackerHost
{
    private readonly KeyFactory _keyFactory;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _timeProvider;
    private readonly IMeterFactory? _meterFactory;

    /// <summary>Creates a host.</summary>
    /// <param name="keyFactory">Key generation and parsing; a new default factory when null.</param>
    /// <param name="loggerFactory">Loggers for the endpoint and the tracker; discards when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="meterFactory">Creates the tracker's meters (dependency injection's factory); the tracker owns its meters when null.</param>
    public TrackerHost(KeyFactory? keyFactory = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null)
    {
        _meterFactory = meterFactory;
        _keyFactory = keyFactory ?? new KeyFactory();
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Opens the endpoint, serves until <paramref name="cancellationToken"/> is cancelled or
    /// <see cref="TrackerHostOptions.Duration"/> elapses, then stops the tracker and closes the endpoint. Cancellation is
    /// a normal stop: the task completes without throwing.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">The port could not be bound.</exception>
    public static Task RunAsync(TrackerHostOptions options, CancellationToken cancellationToken) => new TrackerHost().RunAsync(options, null, cancellationToken);

    /// <summary>Like <see cref="RunAsync(TrackerHostOptions, CancellationToken)"/>, reporting the serving tracker (its endpoint bound) to <paramref name="started"/>, which must not throw.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">The port could not be bound.</exception>
    public async Task RunAsync(TrackerHostOptions options, Action<TrackerService>? started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var logger = _loggerFactory.CreateLogger<TrackerService>();
        var endpointOptions = new UdpEndpointOptions
        {
            BindAddress = UdpAddress.From(options.ListenAddress, options.ListenPort),
            BindAttempts = 1,
            ReceiveWorkers = options.ReceiveWorkers,
            ReceiveBufferSize = options.ReceiveBufferSize,
            ReceiveLoop = options.ReceiveLoop,
        };
        var endpoint = new UdpEndpoint(endpointOptions, _loggerFactory.CreateLogger<UdpEndpoint>());
        await using (endpoint.ConfigureAwait(false))
        {
            var tracker = new TrackerService(options.Tracker, endpoint, _keyFactory, _timeProvider, logger, _meterFactory);
            await using (tracker.ConfigureAwait(false))
            {
                await endpoint.OpenAsync(cancellationToken).ConfigureAwait(false);
                tracker.Start();
                started?.Invoke(tracker);
                using var status = options.StatusInterval is { } interval
                    ? _timeProvider.CreateTimer(_ => LogStatus(logger, tracker), null, interval, interval)
                    : null;
                try
                {
                    await Task.Delay(options.Duration ?? Timeout.InfiniteTimeSpan, _timeProvider, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // A normal stop.
                }

                status?.Dispose();
                LogStatus(logger, tracker);
                await tracker.StopAsync().ConfigureAwait(false);
                await endpoint.CloseAsync().ConfigureAwait(false);
                TrackerLog.Stopped(logger, endpoint.LocalAddress);
            }
        }
    }

    /// <summary>The periodic status line: what the tracker holds and every non-zero counter, so an operator sees what it dropped and why.</summary>
    private static void LogStatus(ILogger logger, TrackerService tracker)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            var counters = tracker.Counters.ToLogText();
            TrackerLog.Status(logger, tracker.Endpoint.LocalAddress, tracker.PeerCount, tracker.CommunityCount, tracker.PendingPingCount, counters);
        }
    }
}
