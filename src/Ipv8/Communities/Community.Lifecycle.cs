using Ipv8.Bootstrapping;
using Ipv8.Peers;
using Microsoft.Extensions.Logging;

namespace Ipv8.Communities;

/// <content>Introductions on demand, bootstrapping (spec 5.15, 9.1) and unloading.</content>
public partial class Community
{
    /// <summary>The probability that <see cref="GetNewIntroduction"/> keeps bootstrappers alive instead of asking a peer (py-ipv8: 5 %).</summary>
    public const double KeepAliveProbability = 0.05;

    /// <inheritdoc/>
    public void GetNewIntroduction(Peer? fromPeer = null)
    {
        lock (Network.SyncRoot)
        {
            if (fromPeer is null)
            {
                _peerScratch.Clear();
                Network.CopyPeersForService(_serviceId, _peerScratch);
                if (_peerScratch.Count == 0)
                {
                    Bootstrap();
                    return;
                }

                if (Random.NextDouble() < KeepAliveProbability && KeepBootstrappersAlive())
                {
                    _peerScratch.Clear();
                    return;
                }

                fromPeer = _peerScratch[Random.Next(_peerScratch.Count)];
                _peerScratch.Clear();
            }

            SendIntroductionRequest(fromPeer);
        }
    }

    /// <inheritdoc/>
    public bool KeepBootstrappersAlive()
    {
        lock (Network.SyncRoot)
        {
            if (!AnyBootstrapperInitialized())
            {
                return false;
            }

            foreach (var bootstrapper in _bootstrappers)
            {
                KeepAlive(bootstrapper);
            }

            return true;
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// A round for a bootstrapper whose previous round is still running is skipped. The rounds run as tasks of
    /// <see cref="Tasks"/> and are cancelled on unload.
    /// </remarks>
    public void Bootstrap()
    {
        lock (Network.SyncRoot)
        {
            if (_unloaded)
            {
                return;
            }

            for (var i = 0; i < _bootstrappers.Count; i++)
            {
                var bootstrapper = _bootstrappers[i];
                var name = BootstrapTaskName(i);
                if (!Tasks.IsPending(name))
                {
                    Tasks.RegisterAsync(name, token => BootstrapRoundAsync(bootstrapper, token));
                }
            }
        }
    }

    /// <summary>Adds <paramref name="bootstrapper"/> to the ones this community drives.</summary>
    public void AddBootstrapper(IBootstrapper bootstrapper)
    {
        ArgumentNullException.ThrowIfNull(bootstrapper);
        lock (Network.SyncRoot)
        {
            _bootstrappers.Add(bootstrapper);
        }
    }

    /// <summary>
    /// Stops the community: unregisters it from the endpoint and network, cancels its tasks, shuts its request cache
    /// and unloads its bootstrappers. Does not close the endpoint (it may be shared). Idempotent; never throws for
    /// bootstrapper failures (they are logged).
    /// </summary>
    public virtual async ValueTask UnloadAsync()
    {
        lock (Network.SyncRoot)
        {
            if (_unloaded)
            {
                return;
            }

            _unloaded = true;
            Network.UnregisterServiceProvider(this);
        }

        Endpoint.RemoveListener(this);
        await Tasks.ShutdownAsync().ConfigureAwait(false);
        RequestCache.Shutdown();
        Meters.Dispose();
        foreach (var bootstrapper in _bootstrappers)
        {
            try
            {
                await bootstrapper.UnloadAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.BootstrapFailed(Logger, ex, bootstrapper.GetType().Name);
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await UnloadAsync().ConfigureAwait(false);
        await Tasks.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    private static string BootstrapTaskName(int index) => FormattableString.Invariant($"bootstrap {index}");

    private bool AnyBootstrapperInitialized()
    {
        foreach (var bootstrapper in _bootstrappers)
        {
            if (bootstrapper.IsInitialized)
            {
                return true;
            }
        }

        return false;
    }

    private void KeepAlive(IBootstrapper bootstrapper)
    {
        try
        {
            bootstrapper.KeepAlive(this);
        }
        catch (Exception ex)
        {
            Log.BootstrapFailed(Logger, ex, bootstrapper.GetType().Name);
        }
    }

    private async Task BootstrapRoundAsync(IBootstrapper bootstrapper, CancellationToken cancellationToken)
    {
        var initialize = InitializeAsync(bootstrapper, cancellationToken);
        var addresses = await bootstrapper.GetAddressesAsync(this, Settings.BootstrapTimeout, cancellationToken).ConfigureAwait(false);
        lock (Network.SyncRoot)
        {
            if (!_unloaded && addresses is not null)
            {
                var limit = MaxPeers > 0 ? Math.Min(MaxPeers, addresses.Count) : addresses.Count;
                for (var i = 0; i < limit; i++)
                {
                    WalkTo(addresses[i]);
                }
            }
        }

        await initialize.ConfigureAwait(false);
    }

    private async Task InitializeAsync(IBootstrapper bootstrapper, CancellationToken cancellationToken)
    {
        try
        {
            if (!await bootstrapper.InitializeAsync(this, cancellationToken).ConfigureAwait(false) && Logger.IsEnabled(LogLevel.Debug))
            {
                Log.BootstrapNotInitialized(Logger, bootstrapper.GetType().Name);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Unloading.
        }
        catch (Exception ex)
        {
            Log.BootstrapFailed(Logger, ex, bootstrapper.GetType().Name);
        }
    }
}
