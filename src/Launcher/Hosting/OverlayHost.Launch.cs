using System.Reflection;
using Ipv8.Bootstrapping;
using Ipv8.Communities;
using Ipv8.Discovery;
using Ipv8.Keys;
using Ipv8.Peers;
using Ipv8.Rendezvous;
using Launcher.Definitions;
using Launcher.Launching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Launcher.Hosting;

/// <content>The launch phase: hooks, construction, <c>on_start</c> calls, key files, walk loop.</content>
public sealed partial class OverlayHost
{
    private async Task LaunchAsync(IReadOnlyList<ResolvedOverlay> resolved, PreparedIdentities identities, KeyFactory keyFactory, CancellationToken cancellationToken)
    {
        _endpoint = _options.EndpointFactory(_configuration.Interfaces.ToList());
        await _endpoint.OpenAsync(cancellationToken).ConfigureAwait(false);
        var network = new Network();
        Network = network;
        _walkLoop = new WalkLoop(_options.TimeProvider, new WalkLoopOptions { WalkerInterval = _configuration.WalkerInterval, Seed = _options.RandomSeed }, _options.LoggerFactory.CreateLogger<WalkLoop>());

        foreach (var overlay in resolved)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Launch(overlay, identities.Peers[overlay.Key.Alias], keyFactory, network);
        }

        for (var i = 0; i < _running.Count; i++)
        {
            foreach (var call in resolved[i].OnStart)
            {
                await Step(resolved[i].Definition, $"on_start {call.Call}", () => InvokeAsync(call, _running[i].Community)).ConfigureAwait(false);
            }
        }

        identities.WritePending(new KeyFile(keyFactory, _options.LoggerFactory.CreateLogger<KeyFile>()));
        if (_options.PeerCache is { WriteInterval: var interval })
        {
            _cacheTimer = _options.TimeProvider.CreateTimer(_ => SavePeerCaches(), null, interval, interval);
        }

        _walkLoop.Start();
        IsRunning = true;
    }

    private void Launch(ResolvedOverlay overlay, MyPeer myPeer, KeyFactory keyFactory, Network network)
    {
        var definition = overlay.Definition;
        var context = new LaunchContext(_services, _configuration, _registry, definition);
        var launcher = overlay.Launcher;
        var launcherName = launcher?.GetType().Name;
        if (launcher is not null)
        {
            Step(definition, $"{launcherName}.Prepare", () => launcher.Prepare(context));
        }

        var settings = new CommunitySettings
        {
            CommunityId = overlay.CommunityId,
            MyPeer = myPeer,
            Endpoint = _endpoint!,
            Network = network,
            KeyFactory = keyFactory,
            TimeProvider = _options.TimeProvider,
            LoggerFactory = _options.LoggerFactory,
            MeterFactory = _options.MeterFactory,
            RandomSeed = _options.RandomSeed is { } s ? s + _running.Count : null,
        };
        var bound = overlay.Settings;
        if (launcher is not null)
        {
            // A launcher may return other settings than the configured ones (py-ipv8's get_kwargs); they bind alike.
            var returned = Step(definition, $"{launcherName}.GetSettings", () => launcher.GetSettings(context, definition.Initialize));
            if (!Equals(returned, definition.Initialize))
            {
                bound = Step(definition, $"{launcherName}.GetSettings", () => OverlayResolver.BindInitialize(returned));
            }
        }

        settings = bound.ApplyTo(settings);
        var community = Step(definition, $"constructor of overlay class '{definition.Class}'",
            () => CreateCommunity(overlay, settings));

        // Registered before anything else can fail, so a failure below still unloads it.
        var bootstrappers = new List<IBootstrapper>();
        var strategies = new List<(IDiscoveryStrategy, int)>();
        var cache = _options.PeerCache is { } cacheOptions
            ? Step(definition, "peer cache", () => new PeerCacheBootstrapper(
                new PeerCacheFile(PeerCachePath(cacheOptions, definition.Name), cacheOptions, _options.LoggerFactory.CreateLogger<PeerCacheFile>()),
                cacheOptions,
                overlay.CommunityId))
            : null;
        _running.Add(new RunningOverlay(definition, community, strategies, bootstrappers) { PeerCache = cache });
        _registry.Register(definition.Name, community);
        if (cache is not null)
        {
            community.AddBootstrapper(cache.Bootstrapper);
            bootstrappers.Add(cache.Bootstrapper);
            lock (_caches)
            {
                _caches.Add((community, cache));
            }
        }

        foreach (var component in overlay.Bootstrappers)
        {
            var bootstrapper = Step(definition, $"constructor of bootstrapper '{component.Name}' ({component.Origin})", () => (IBootstrapper)Create(component, community));
            community.AddBootstrapper(bootstrapper);
            bootstrappers.Add(bootstrapper);
        }

        foreach (var component in overlay.Walkers)
        {
            var strategy = Step(definition, $"constructor of walk strategy '{component.Name}' ({component.Origin})", () => (IDiscoveryStrategy)Create(component, community));
            strategies.Add((strategy, component.TargetPeers));
            _walkLoop!.Add(community, strategy, component.TargetPeers, _endpoint);
        }

        if (launcher is not null)
        {
            Step(definition, $"{launcherName}.Finalize", () => launcher.Finalize(context, community));
        }

        if (_model?.Discovery is { } discovery && definition.Name == discovery.OverlayName && community is RendezvousCommunity rendezvous && _discovery is null)
        {
            Step(definition, "discovery section (interfaces and manager)", () => StartDiscovery(discovery, rendezvous, network));
        }

        HostLog.Launched(_logger, definition.Name, overlay.CommunityType.Name, _endpoint!.LocalAddress);
    }

    /// <summary>
    /// The cache file of an overlay: <c>peers.NAME.json</c> (<c>peers.NAME.INSTANCE.json</c> after the first instance) in the
    /// cache directory, with every character of the name that is not a letter, digit, '-' or '_' replaced by '_' so a name
    /// can never leave the directory.
    /// </summary>
    private string PeerCachePath(PeerCacheOptions options, string overlayName)
    {
        var safe = new string([.. overlayName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);
        var name = _options.Instance == 0 ? $"peers.{safe}.json" : $"peers.{safe}.{_options.Instance}.json";
        return Path.Combine(Path.GetFullPath(options.Directory), name);
    }

    /// <summary>Writes every running overlay's peer cache (periodically and before the overlays unload); never throws.</summary>
    private void SavePeerCaches()
    {
        lock (_caches)
        {
            foreach (var (community, cache) in _caches)
            {
                if (!community.IsUnloaded)
                {
                    cache.Save(community);
                }
            }
        }
    }

    private static async Task InvokeAsync(ResolvedCall call, Community community)
    {
        var result = call.Method.Invoke(community, BindingFlags.DoNotWrapExceptions, binder: null, [.. call.Arguments], culture: null);
        switch (result)
        {
            case Task task:
                await task.ConfigureAwait(false);
                break;
            case ValueTask valueTask:
                await valueTask.ConfigureAwait(false);
                break;
            default:
                if (result?.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(ValueTask<>))
                {
                    await ((Task)type.GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(result, null)!).ConfigureAwait(false);
                }

                break;
        }
    }

    private static void Step(OverlayDefinition definition, string step, Action action) => Step(definition, step, () =>
    {
        action();
        return true;
    });

    private static T Step<T>(OverlayDefinition definition, string step, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception exception) when (exception is not OverlayLaunchException and not OperationCanceledException)
        {
            throw new OverlayLaunchException(definition.Name, definition.Origin, step, Unwrap(exception));
        }
    }

    private static async Task Step(OverlayDefinition definition, string step, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OverlayLaunchException and not OperationCanceledException)
        {
            throw new OverlayLaunchException(definition.Name, definition.Origin, step, Unwrap(exception));
        }
    }

    private static Exception Unwrap(Exception exception) =>
        exception is TargetInvocationException { InnerException: { } inner } ? inner : exception;

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
}
