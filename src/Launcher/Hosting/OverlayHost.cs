using Ipv8.Bootstrapping;
using Ipv8.Communities;
using Ipv8.Discovery;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Peers;
using Launcher.Catalog;
using Launcher.Configuration;
using Launcher.Definitions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Launcher.Hosting;

/// <summary>
/// Runs a validated configuration: resolves every name and binds every setting first (all errors at once,
/// nothing opened), then opens the endpoint, loads the keys, launches the overlays in plan order with their
/// bootstrappers and walk strategies, and runs the walk loop on the configured clock. Stops in reverse order.
/// </summary>
/// <remarks>A failure half-way through start-up stops everything already started before the exception leaves
/// <see cref="StartAsync"/>: no socket stays bound.</remarks>
public sealed partial class OverlayHost : IAsyncDisposable
{
    private readonly LauncherConfiguration _configuration;
    private readonly ComponentCatalog _catalog;
    private readonly IServiceProvider _services;
    private readonly OverlayHostOptions _options;
    private readonly List<RunningOverlay> _running = [];
    private readonly ILogger _logger;
    private IEndpoint? _endpoint;
    private WalkLoop? _walkLoop;

    /// <summary>Creates a host; nothing is opened until <see cref="StartAsync"/>.</summary>
    public OverlayHost(LauncherConfiguration configuration, ComponentCatalog catalog, IServiceProvider services, OverlayHostOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(services);
        _configuration = configuration;
        _catalog = catalog;
        _services = services;
        _options = options ?? new OverlayHostOptions();
        _logger = _options.LoggerFactory.CreateLogger<OverlayHost>();
    }

    /// <summary>Gets the launched overlays in launch order.</summary>
    public IReadOnlyList<RunningOverlay> Overlays => _running;

    /// <summary>Gets the host's endpoint once started.</summary>
    public IEndpoint? Endpoint => _endpoint;

    /// <summary>Gets the peer network shared by the overlays once started.</summary>
    public Network? Network { get; private set; }

    /// <summary>
    /// Validates, then launches. Definitions must already be in launch order (see the launch plan).
    /// </summary>
    /// <exception cref="ConfigurationException">A name does not resolve or a setting does not bind; nothing was started.</exception>
    public async Task StartAsync(IReadOnlyList<OverlayDefinition> orderedOverlays, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(orderedOverlays);
        var errors = new ErrorList();
        var resolved = Resolve(orderedOverlays, errors);
        errors.ThrowIfAny();

        try
        {
            await LaunchAsync(resolved, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await StopAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the walk loop, unloads the overlays in reverse launch order and closes the endpoint.</summary>
    public async Task StopAsync()
    {
        _walkLoop?.Dispose();
        _walkLoop = null;
        for (var i = _running.Count - 1; i >= 0; i--)
        {
            try
            {
                await _running[i].Community.UnloadAsync().ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                HostLog.UnloadFailed(_logger, _running[i].Name, exception);
            }
        }

        _running.Clear();
        if (_endpoint is not null)
        {
            await _endpoint.CloseAsync().ConfigureAwait(false);
            await _endpoint.DisposeAsync().ConfigureAwait(false);
            _endpoint = null;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task LaunchAsync(IReadOnlyList<ResolvedOverlay> resolved, CancellationToken cancellationToken)
    {
        var keyFactory = _options.KeyFactory ?? new KeyFactory();
        var identities = LoadIdentities(resolved, keyFactory);

        _endpoint = _options.EndpointFactory(_configuration.Interfaces.ToList());
        await _endpoint.OpenAsync(cancellationToken).ConfigureAwait(false);
        var network = new Network();
        Network = network;
        _walkLoop = new WalkLoop(_options.TimeProvider, new WalkLoopOptions { WalkerInterval = _configuration.WalkerInterval, Seed = _options.RandomSeed }, _options.LoggerFactory.CreateLogger<WalkLoop>());

        var seed = _options.RandomSeed;
        foreach (var overlay in resolved)
        {
            var settings = new CommunitySettings
            {
                CommunityId = CommunityIdOf(overlay.Definition),
                MyPeer = identities[overlay.Definition.Key],
                Endpoint = _endpoint,
                Network = network,
                KeyFactory = keyFactory,
                TimeProvider = _options.TimeProvider,
                LoggerFactory = _options.LoggerFactory,
                RandomSeed = seed is { } s ? s + _running.Count : null,
            };
            settings = CommunitySettingsBinder.Apply(settings, overlay.Definition.Initialize);
            var community = (Community)ActivatorUtilities.CreateInstance(_services, overlay.CommunityType, settings);
            var bootstrappers = new List<IBootstrapper>();
            foreach (var component in overlay.Bootstrappers)
            {
                var bootstrapper = (IBootstrapper)Create(component, community);
                community.AddBootstrapper(bootstrapper);
                bootstrappers.Add(bootstrapper);
            }

            var strategies = new List<(IDiscoveryStrategy, int)>();
            foreach (var component in overlay.Walkers)
            {
                var strategy = (IDiscoveryStrategy)Create(component, community);
                strategies.Add((strategy, component.TargetPeers));
                _walkLoop.Add(community, strategy, component.TargetPeers, _endpoint);
            }

            _running.Add(new RunningOverlay(overlay.Definition, community, strategies, bootstrappers));
            HostLog.Launched(_logger, overlay.Definition.Name, overlay.CommunityType.Name, _endpoint.LocalAddress);
        }

        _walkLoop.Start();
    }

    private object Create(ResolvedComponent component, Community community)
    {
        // Strategies take the overlay they walk; bootstrappers receive it later, in InitializeAsync.
        var takesOverlay = component.Type.GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType.IsAssignableFrom(community.GetType())));
        var arguments = new List<object>(2);
        if (takesOverlay)
        {
            arguments.Add(community);
        }

        if (component.Options is not null)
        {
            arguments.Add(component.Options);
        }

        return ActivatorUtilities.CreateInstance(_services, component.Type, [.. arguments]);
    }

    private Dictionary<string, MyPeer> LoadIdentities(IReadOnlyList<ResolvedOverlay> resolved, KeyFactory keyFactory)
    {
        var used = resolved.Select(r => r.Definition.Key).ToHashSet(StringComparer.Ordinal);
        var keyFile = new KeyFile(keyFactory, _options.LoggerFactory.CreateLogger<KeyFile>());
        var identities = new Dictionary<string, MyPeer>(StringComparer.Ordinal);
        foreach (var key in _configuration.Keys)
        {
            if (!used.Contains(key.Alias))
            {
                continue;
            }

            var file = key.Ephemeral || string.IsNullOrEmpty(key.File) ? null : Path.GetFullPath(key.File, _options.BaseDirectory);
            var privateKey = keyFile.Resolve(new KeySource(key.Generation, file, key.Bin));
            identities[key.Alias] = new MyPeer(privateKey, creationTime: _options.TimeProvider.GetUtcNow());
        }

        return identities;
    }

    private static ReadOnlyMemory<byte> CommunityIdOf(OverlayDefinition definition)
    {
        if (string.IsNullOrEmpty(definition.CommunityId))
        {
            // The community class fixes its own id (e.g. DiscoveryCommunity); a placeholder is replaced by it.
            return new byte[20];
        }

        return Convert.FromHexString(definition.CommunityId);
    }
}
