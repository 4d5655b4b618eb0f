using Ipv8.Bootstrapping;
using Ipv8.Communities;
using Ipv8.Discovery;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Peers;
using Launcher.Catalog;
using Launcher.Configuration;
using Launcher.Definitions;
using Launcher.Launching;
using Microsoft.Extensions.Logging;

namespace Launcher.Hosting;

/// <summary>
/// Runs a resolved model (py-ipv8's <c>IPv8</c> service plus its loader, spec §10.5 and §11.3): it only creates
/// instances and runs them; everything that can be checked before was checked when the model was built
/// (<see cref="LauncherModelBuilder.Build"/>, <see cref="ResolvedOverlay"/>). <see cref="StartAsync(CancellationToken)"/>
/// works in three phases:
/// <list type="number">
/// <item>Identities, with nothing opened: every key loaded or generated in memory (a problem, e.g. a key file that
/// became unreadable since the model was built, is a <see cref="ConfigurationException"/>).</item>
/// <item>Launch: open the endpoint, then for each overlay in plan order run its launcher's
/// <see cref="CommunityLauncher.Prepare"/>, take <see cref="CommunityLauncher.GetSettings"/>, construct the
/// overlay (constructor injection), register it in <see cref="Registry"/>, create its bootstrappers and walk
/// strategies, and run <see cref="CommunityLauncher.Finalize"/>. Then every overlay's <c>on_start</c> calls
/// run, new key files are written (only now, so a failed start leaves none behind) and the walk loop starts.
/// A failure of the endpoint itself (a port in use) comes out as the endpoint's exception.</item>
/// <item>Any exception during the launch phase stops everything already started (overlays unloaded in reverse
/// order, endpoint closed and disposed) before it leaves <see cref="StartAsync(CancellationToken)"/>, wrapped in an
/// <see cref="OverlayLaunchException"/> naming the overlay, its origin and the failed step.</item>
/// </list>
/// <see cref="StopAsync"/> stops in reverse order; a stopped host can be started again.
/// </summary>
public sealed partial class OverlayHost : IAsyncDisposable, IDisposable
{
    private readonly LauncherConfiguration _configuration;
    private readonly ComponentCatalog _catalog;
    private readonly IReadOnlyList<ResolvedOverlay>? _overlays;
    private readonly LauncherModel? _model;
    private readonly IServiceProvider _services;
    private readonly OverlayHostOptions _options;
    private readonly List<RunningOverlay> _running = [];
    private readonly OverlayRegistry _registry = new();
    private readonly ILogger _logger;
    private readonly List<(Community Community, PeerCacheBootstrapper Cache)> _caches = [];
    private ITimer? _cacheTimer;
    private IEndpoint? _endpoint;
    private WalkLoop? _walkLoop;

    /// <summary>Creates a host for a model; nothing is opened until <see cref="StartAsync(CancellationToken)"/>.</summary>
    /// <param name="model">The model (its configuration's interfaces, keys and walker interval; its resolved overlays).</param>
    /// <param name="services">Services for constructor injection into overlays and components.</param>
    /// <param name="options">Endpoints, clock, keys and logging; null = real UDP sockets and the system clock.</param>
    public OverlayHost(LauncherModel model, IServiceProvider services, OverlayHostOptions? options = null)
        : this(model?.Configuration!, model?.Catalog!, services, options)
    {
        _overlays = model!.Overlays;
        _model = model;
    }

    /// <summary>
    /// Creates a host for definitions that did not come through a model (see <see cref="StartAsync(IReadOnlyList{OverlayDefinition}, CancellationToken)"/>);
    /// prefer <see cref="OverlayHost(LauncherModel, IServiceProvider, OverlayHostOptions?)"/>.
    /// </summary>
    /// <param name="configuration">The effective configuration (interfaces, keys, walker interval).</param>
    /// <param name="catalog">The component catalog every name resolves in.</param>
    /// <param name="services">Services for constructor injection into launchers, overlays and components.</param>
    /// <param name="options">Endpoints, clock, keys and logging; null = real UDP sockets and the system clock.</param>
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

    /// <summary>Gets the launched overlays in launch order (empty when not started).</summary>
    public IReadOnlyList<RunningOverlay> Overlays => _running;

    /// <summary>
    /// Gets the launched overlays by name (py-ipv8's <c>@set_in_session</c>): filled during launch, so a
    /// launcher's hooks see the overlays launched before its own; emptied by <see cref="StopAsync"/>.
    /// </summary>
    public IOverlayRegistry Registry => _registry;

    /// <summary>Gets a value indicating whether the host is started.</summary>
    public bool IsRunning { get; private set; }

    /// <summary>Gets the host's endpoint once started.</summary>
    public IEndpoint? Endpoint => _endpoint;

    /// <summary>Gets the peer network shared by the overlays once started.</summary>
    public Network? Network { get; private set; }

    /// <summary>
    /// Resolves definitions as <see cref="LauncherModelBuilder.Build"/> does and loads or generates their keys in memory;
    /// nothing is opened and no key file is written. A model's overlays were checked when it was built, so
    /// <c>launcher validate</c> and <c>launcher plan</c> need this only for definitions from elsewhere.
    /// </summary>
    /// <param name="orderedOverlays">The overlays to launch, in order (the launch plan's <c>Order</c>).</param>
    /// <exception cref="ConfigurationException">Anything is wrong; carries every problem found.</exception>
    public void Check(IReadOnlyList<OverlayDefinition> orderedOverlays)
    {
        var resolved = Resolve(orderedOverlays);
        var errors = new ErrorList();
        _ = PrepareIdentities(resolved, _options.KeyFactory ?? new KeyFactory(), errors);
        errors.ThrowIfAny();
    }

    /// <summary>Launches the model's overlays (see the class remarks).</summary>
    /// <param name="cancellationToken">Cancels opening the endpoint.</param>
    /// <exception cref="ConfigurationException">A key cannot be loaded or generated; nothing was opened or written.</exception>
    /// <exception cref="OverlayLaunchException">A constructor, launcher hook or <c>on_start</c> call threw; everything was stopped again.</exception>
    /// <exception cref="KeyFileException">A new key file could not be written at the end of the launch; everything was stopped again.</exception>
    /// <exception cref="InvalidOperationException">The host is already started, or was created without a model.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default) =>
        StartResolvedAsync(_overlays ?? throw new InvalidOperationException("this host was created without a model; pass the definitions to StartAsync"), cancellationToken);

    /// <summary>
    /// Resolves definitions as <see cref="LauncherModelBuilder.Build"/> does (launchers created from this host's
    /// services), then launches them like <see cref="StartAsync(CancellationToken)"/>.
    /// </summary>
    /// <param name="orderedOverlays">The overlays to launch, in order (the launch plan's <c>Order</c>).</param>
    /// <param name="cancellationToken">Cancels opening the endpoint.</param>
    /// <exception cref="ConfigurationException">A name, setting, <c>on_start</c> call, launcher or key is invalid; nothing was opened or written.</exception>
    /// <exception cref="OverlayLaunchException">A constructor, launcher hook or <c>on_start</c> call threw; everything was stopped again.</exception>
    /// <exception cref="KeyFileException">A new key file could not be written at the end of the launch; everything was stopped again.</exception>
    /// <exception cref="InvalidOperationException">The host is already started.</exception>
    public Task StartAsync(IReadOnlyList<OverlayDefinition> orderedOverlays, CancellationToken cancellationToken = default) =>
        StartResolvedAsync(Resolve(orderedOverlays), cancellationToken);

    /// <summary>
    /// Stops the walk loop, writes the overlays' peer caches (when <see cref="OverlayHostOptions.PeerCache"/> is set), unloads
    /// the overlays in reverse launch order and closes the endpoint. Safe to call when not started.
    /// </summary>
    public async Task StopAsync()
    {
        IsRunning = false;
        await StopDiscoveryAsync().ConfigureAwait(false);
        _walkLoop?.Dispose();
        _walkLoop = null;
        if (_cacheTimer is { } timer)
        {
            _cacheTimer = null;
            await timer.DisposeAsync().ConfigureAwait(false);
        }

        SavePeerCaches();
        lock (_caches)
        {
            _caches.Clear();
        }

        for (var i = _running.Count - 1; i >= 0; i--)
        {
            try
            {
                await _running[i].Community.UnloadAsync().ConfigureAwait(false);
                HostLog.Unloaded(_logger, _running[i].Name);
            }
            catch (Exception exception)
            {
                HostLog.UnloadFailed(_logger, _running[i].Name, exception);
            }
        }

        _running.Clear();
        _registry.Clear();
        Network = null;
        if (_endpoint is not null)
        {
            var endpoint = _endpoint;
            _endpoint = null;
            await endpoint.CloseAsync().ConfigureAwait(false);
            await endpoint.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops the host (see <see cref="StopAsync"/>).</summary>
    /// <returns>A task completing when everything is closed.</returns>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>Stops the host synchronously, blocking until everything is closed; prefer <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => StopAsync().GetAwaiter().GetResult();

    private async Task StartResolvedAsync(IReadOnlyList<ResolvedOverlay> overlays, CancellationToken cancellationToken)
    {
        if (_endpoint is not null || _walkLoop is not null)
        {
            throw new InvalidOperationException("the overlay host is already started; stop it first");
        }

        var errors = new ErrorList();
        var keyFactory = _options.KeyFactory ?? new KeyFactory();
        var identities = PrepareIdentities(overlays, keyFactory, errors);
        errors.ThrowIfAny();

        try
        {
            await LaunchAsync(overlays, identities, keyFactory, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await StopAsync().ConfigureAwait(false);
            throw;
        }
    }

    private List<ResolvedOverlay> Resolve(IReadOnlyList<OverlayDefinition> orderedOverlays)
    {
        ArgumentNullException.ThrowIfNull(orderedOverlays);
        var errors = new ErrorList();
        var resolver = new OverlayResolver(_catalog, _configuration.Keys, _services, errors);
        var resolved = orderedOverlays.Select(resolver.Resolve).OfType<ResolvedOverlay>().ToList();
        errors.ThrowIfAny();
        return resolved;
    }

    private PreparedIdentities PrepareIdentities(IReadOnlyList<ResolvedOverlay> overlays, KeyFactory keyFactory, ErrorList errors)
    {
        // The configuration's key material wins, so one model can run as several instances with their own keys
        // (model with { Configuration = ... }); the alias was resolved when the model was built.
        var used = overlays.Select(o => o.Key.Alias).ToHashSet(StringComparer.Ordinal);
        var keys = overlays.Select(o => _configuration.Keys.LastOrDefault(k => k.Alias == o.Key.Alias) ?? o.Key).Distinct();
        var keyFile = new KeyFile(keyFactory, _options.LoggerFactory.CreateLogger<KeyFile>());
        return PreparedIdentities.Prepare(keys, used, keyFactory, keyFile, _options.BaseDirectory, _options.TimeProvider, errors);
    }
}
