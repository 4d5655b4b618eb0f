using System.Net;
using Ipv8.Messaging;
using Ipv8.Tracker;
using Launcher.Configuration;
using Launcher.Definitions;
using Launcher.Launching;

namespace Launcher.Hosting;

/// <summary>The <see cref="IOverlayLauncherService"/> registered by <c>AddOverlayLauncher</c>.</summary>
internal sealed class OverlayLauncherService : IOverlayLauncherService
{
    private readonly Lazy<(LauncherModel Model, OverlayHostOptions Options, IReadOnlyList<OverlayHost> Hosts, TrackerHostOptions? Tracker)> _state;
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Owned: the instances' and the tracker's components share their instruments through it (see ComponentMeters).
    private InstrumentSharingMeterFactory? _meters;
    private HostedTracker? _tracker;
    private bool _running;
    private bool _disposed;

    /// <param name="createModel">Makes the model builder (the application's configuration callback).</param>
    /// <param name="services">The application's services: launchers, conditions and components are created from them.</param>
    /// <param name="hostOptions">Creates the hosts' options from the built model.</param>
    /// <param name="endpoints">
    /// The real UDP endpoints' factory (the container's): hosts whose options set no endpoint factory get theirs from it,
    /// and the hosted tracker's socket is received by its loop, so every socket of the service shares one receive thread.
    /// </param>
    public OverlayLauncherService(Func<IServiceProvider, LauncherModelBuilder> createModel, IServiceProvider services, Func<LauncherModel, OverlayHostOptions> hostOptions, UdpEndpointFactory endpoints)
    {
        _state = new(() =>
        {
            var model = createModel(services).UseServices(services).Build();
            var tracker = model.Configuration.Tracker is { } declared
                ? HostedTracker.ForLocalInstances(TrackerHostOptionsOf(declared), model.Configuration.Instances) with { ReceiveLoop = endpoints.ReceiveLoop }
                : null;
            var options = hostOptions(model);
            var meters = options.MeterFactory as InstrumentSharingMeterFactory;
            if (meters is null)
            {
                meters = new InstrumentSharingMeterFactory(options.MeterFactory);
                _meters = meters;
            }

            options = options with { EndpointFactory = options.EndpointFactory ?? endpoints.Create, MeterFactory = meters };

            if (options.KeyFactory is null && model.Configuration.Instances > 1)
            {
                // One key factory for every instance of the process: its public-key cache then holds each remote key once
                // (the instances of one swarm know the same peers) instead of once per instance (~0.4 KB per key and instance).
                options = options with { KeyFactory = new Ipv8.Keys.KeyFactory() };
            }

            var hosts = Enumerable.Range(0, Math.Max(1, model.Configuration.Instances))
                .Select(i => new OverlayHost(model, services, i == 0 ? options : options with { Instance = i }))
                .ToList();
            return (model, options, hosts, tracker);
        });
    }

    public event EventHandler<OverlayHostStartedEventArgs>? HostStarted;

    public LauncherModel Model => _state.Value.Model;

    public OverlayHost Host => _state.Value.Hosts[0];

    public IReadOnlyList<OverlayHost> Hosts => _state.Value.Hosts;

    public TrackerService? Tracker => _tracker?.Service;

    public bool IsRunning => _running;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_running)
            {
                return;
            }

            var (model, options, hosts, trackerOptions) = _state.Value;
            try
            {
                for (var i = 0; i < hosts.Count; i++)
                {
                    await hosts[i].StartAsync(cancellationToken).ConfigureAwait(false);
                    HostStarted?.Invoke(this, new OverlayHostStartedEventArgs(hosts[i], i));
                    if (i == 0 && trackerOptions is not null)
                    {
                        // Started once the first host listens, beside the further instances: its key generation and bind stay
                        // off the path to the first listening overlay (overlays bootstrap again at every walk step, so a
                        // tracker a few milliseconds late costs nothing).
                        _tracker = HostedTracker.Start(trackerOptions, options);
                    }
                }

                if (_tracker is not null)
                {
                    await _tracker.Serving.WaitAsync(cancellationToken).ConfigureAwait(false);
                }

                _running = true;
            }
            catch
            {
                await StopAllAsync(hosts).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_disposed)
        {
            return;
        }

        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_state.IsValueCreated)
            {
                await StopAllAsync(_state.Value.Hosts).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await StopAsync().ConfigureAwait(false);
        _disposed = true;
        _meters?.Dispose();
        _gate.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// The declared tracker's host settings, checked with the model (so before anything opens, and by <c>launcher validate</c>
    /// too): an address that does not parse or is not IPv4, or limits that do not bind, are configuration errors at the
    /// tracker's origin.
    /// </summary>
    private static TrackerHostOptions TrackerHostOptionsOf(TrackerDefinition tracker)
    {
        if (!IPAddress.TryParse(tracker.Address, out _))
        {
            throw new ConfigurationException([new ConfigurationError(tracker.Origin, "tracker.address", $"'{tracker.Address}' is not an IP address")]);
        }

        try
        {
            var options = tracker.ToHostOptions();
            options.Validate();
            return options;
        }
        catch (Exception exception) when (exception is FormatException or InvalidOperationException or ArgumentException)
        {
            throw new ConfigurationException([new ConfigurationError(tracker.Origin, "tracker", exception.Message)]);
        }
    }

    /// <summary>Stops the hosts in reverse instance order, then the tracker.</summary>
    private async Task StopAllAsync(IReadOnlyList<OverlayHost> hosts)
    {
        _running = false;
        for (var i = hosts.Count - 1; i >= 0; i--)
        {
            await hosts[i].StopAsync().ConfigureAwait(false);
        }

        if (_tracker is { } tracker)
        {
            _tracker = null;
            await tracker.DisposeAsync().ConfigureAwait(false);
        }
    }
}
