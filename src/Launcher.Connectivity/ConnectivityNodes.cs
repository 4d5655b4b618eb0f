using Ipv8.Connectivity.Pipes;
using Launcher.Catalog;
using Launcher.Definitions;
using Launcher.Hosting;

namespace Launcher.Connectivity;

/// <summary>
/// The connectivity nodes of an <see cref="IOverlayLauncherService"/>: when the configuration has a <c>connectivity:</c>
/// section, one <see cref="ConnectivityNode"/> per overlay host, started as each host starts (so each instance has its
/// own pipe server, signalling and connector) and stopped with this object. Created through DI
/// (<see cref="ConnectivityServiceCollectionExtensions.AddOverlayConnectivity"/>); it must be resolved before the launcher
/// starts (resolving <c>IConnector</c> does it), else it sees no host start.
/// </summary>
public sealed class ConnectivityNodes : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, Task<ConnectivityNode>> _nodes = [];
    private readonly Dictionary<int, TaskCompletionSource<Task<ConnectivityNode>>> _waiting = [];
    private readonly IOverlayLauncherService _launcher;
    private readonly IReadOnlyList<IPipeHandler> _handlers;
    private readonly OverlayHostOptions _options;
    private readonly IServiceProvider? _services;
    private readonly CancellationTokenSource _stop = new();
    private bool _disposed;

    /// <summary>Subscribes to <paramref name="launcher"/>'s host starts.</summary>
    /// <param name="launcher">The launcher whose hosts get nodes.</param>
    /// <param name="handlers">Application pipe handlers (the section's <c>handlers</c> choose among them and the built-in <c>echo</c>).</param>
    /// <param name="options">The hosts' options (clock, loggers, base directory), or null for the defaults.</param>
    /// <param name="services">Services to create the catalog's handler classes from (see <see cref="PipeHandlerComponents.Create"/>);
    /// null: only <paramref name="handlers"/> and <c>echo</c> are served.</param>
    public ConnectivityNodes(IOverlayLauncherService launcher, IEnumerable<IPipeHandler> handlers, OverlayHostOptions? options = null, IServiceProvider? services = null)
    {
        ArgumentNullException.ThrowIfNull(launcher);
        ArgumentNullException.ThrowIfNull(handlers);
        _launcher = launcher;
        _handlers = [.. handlers];
        _options = options ?? new OverlayHostOptions();
        _services = services;
        launcher.HostStarted += OnHostStarted;
    }

    /// <summary>Gets the nodes started so far by instance (a node still starting is not listed).</summary>
    public IReadOnlyDictionary<int, ConnectivityNode> Started
    {
        get
        {
            lock (_lock)
                return _nodes.Where(n => n.Value.IsCompletedSuccessfully).ToDictionary(n => n.Key, n => n.Value.Result);
        }
    }

    /// <summary>Waits for the node of instance <paramref name="instance"/> (0 is the first host).</summary>
    /// <exception cref="InvalidOperationException">The configuration has no <c>connectivity:</c> section, or the node failed to start (its reason).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public async Task<ConnectivityNode> GetNodeAsync(int instance, CancellationToken cancellationToken)
    {
        if (_launcher.Model.Configuration.Connectivity is null)
            throw new InvalidOperationException("the configuration has no connectivity: section");
        Task<Task<ConnectivityNode>> pending;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_nodes.TryGetValue(instance, out var started))
            {
                pending = Task.FromResult(started);
            }
            else
            {
                if (!_waiting.TryGetValue(instance, out var waiting))
                    _waiting[instance] = waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
                pending = waiting.Task;
            }
        }

        var node = await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await node.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until the node of every started host runs (nothing to wait for without a <c>connectivity:</c> section), so a
    /// node that cannot start (an unreadable TURN secret, a port in use, an unknown handler class) is reported, not silent.
    /// Call it after the launcher started.
    /// </summary>
    /// <exception cref="InvalidOperationException">A node failed to start (its reason, naming files or variables, never secrets).</exception>
    /// <exception cref="System.Net.Sockets.SocketException">A node's pipe server cannot listen.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public async Task WhenAllStartedAsync(CancellationToken cancellationToken)
    {
        if (_launcher.Model.Configuration.Connectivity is null)
            return;
        for (var instance = 0; instance < _launcher.Hosts.Count; instance++)
            await GetNodeAsync(instance, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops every node.</summary>
    public async ValueTask DisposeAsync()
    {
        List<Task<ConnectivityNode>> nodes;
        lock (_lock)
        {
            if (_disposed)
                return;
            _disposed = true;
            nodes = [.. _nodes.Values];
        }

        _launcher.HostStarted -= OnHostStarted;
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var node in nodes)
        {
            try
            {
                await (await node.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.Net.Sockets.SocketException)
            {
                // A node that never started has nothing to stop.
            }
        }

        _stop.Dispose();
    }

    private Task<ConnectivityNode> StartNode(ConnectivityDefinition section, OverlayHost host)
    {
        IReadOnlyList<IPipeHandler> handlers = _handlers;
        if (_services is not null && _launcher.Model.Catalog.Knows(ComponentKind.PipeHandler))
        {
            try
            {
                handlers = PipeHandlerComponents.Create(section, _launcher.Model.Catalog, _handlers, _services);
            }
            catch (InvalidOperationException e)
            {
                return Task.FromException<ConnectivityNode>(e);
            }
        }

        return ConnectivityNode.StartAsync(section, host, handlers, _options, null, _stop.Token);
    }

    private void OnHostStarted(object? sender, OverlayHostStartedEventArgs e)
    {
        if (_launcher.Model.Configuration.Connectivity is not { } section)
            return;
        lock (_lock)
        {
            if (_disposed)
                return;
            var node = StartNode(section, e.Host);
            _nodes[e.Instance] = node;
            if (_waiting.Remove(e.Instance, out var waiting))
                waiting.TrySetResult(node);
        }
    }
}
