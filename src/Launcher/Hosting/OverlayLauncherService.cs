using Launcher.Launching;
using Microsoft.Extensions.Logging;

namespace Launcher.Hosting;

/// <summary>The <see cref="IOverlayLauncherService"/> registered by <c>AddOverlayLauncher</c>.</summary>
internal sealed class OverlayLauncherService : IOverlayLauncherService
{
    private readonly Lazy<(LauncherModel Model, OverlayHost Host)> _state;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _disposed;

    public OverlayLauncherService(OverlayLauncherBuilder builder, IServiceProvider services)
    {
        _state = new Lazy<(LauncherModel, OverlayHost)>(() =>
        {
            var model = builder.BuildModel(services);
            var options = builder.BuildHostOptions(services);
            if (model.Configuration.Instances > 1)
            {
                HostLog.InstancesIgnored(options.LoggerFactory.CreateLogger<OverlayLauncherService>(), model.Configuration.Instances);
            }

            return (model, new OverlayHost(model, services, options));
        });
    }

    public LauncherModel Model => _state.Value.Model;

    public OverlayHost Host => _state.Value.Host;

    public bool IsRunning => _state.IsValueCreated && _state.Value.Host.IsRunning;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var host = _state.Value.Host;
            if (!host.IsRunning)
            {
                await host.StartAsync(cancellationToken).ConfigureAwait(false);
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
                await _state.Value.Host.StopAsync().ConfigureAwait(false);
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
        _gate.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
