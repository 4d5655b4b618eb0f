using System.Diagnostics.Metrics;
using Ipv8.Bootstrapping;
using Ipv8.Keys;
using Ipv8.Messaging;
using Launcher.Definitions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Launcher.Hosting;

/// <summary>How an <see cref="OverlayHost"/> reaches the outside world: endpoints, clock, keys and logging.</summary>
public sealed record OverlayHostOptions
{
    /// <summary>
    /// Gets the factory that turns the configured <c>interfaces</c> into the host's endpoint. Default null: real UDP
    /// sockets; under the launcher service (<c>AddOverlayLauncher</c>) every instance's from the container's
    /// <see cref="UdpEndpointFactory"/>, so all share one receive loop; a host started on its own
    /// (<see cref="UdpEndpointFactory.CreateStandalone"/>) with a receive loop of its endpoint's own. Tests pass a simulated
    /// network's endpoints here.
    /// </summary>
    public Func<IReadOnlyList<InterfaceDefinition>, IEndpoint>? EndpointFactory { get; init; }

    /// <summary>Gets the clock that drives walking, timeouts and bootstrapping. Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Gets the key factory (signature backend). Default: NSec (libsodium) when it loads, else managed.</summary>
    public KeyFactory? KeyFactory { get; init; }

    /// <summary>Gets the logger factory. Default: no logging.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Gets the directory relative key files are resolved against. Default: the current directory.</summary>
    public string BaseDirectory { get; init; } = ".";

    /// <summary>Gets the seed for overlay randomness; null draws one per overlay (tests fix it).</summary>
    public int? RandomSeed { get; init; }

    /// <summary>
    /// Gets the factory of the overlays' and the hosted tracker's meters (with dependency injection: the container's
    /// <see cref="IMeterFactory"/>, so OpenTelemetry and <c>dotnet-counters</c> see them scoped to the application). Default:
    /// null, each component owns its meters.
    /// </summary>
    public IMeterFactory? MeterFactory { get; init; }

    /// <summary>
    /// Gets the warm-restart peer cache settings: when set, every overlay gets a <see cref="PeerCacheBootstrapper"/> reading
    /// <c>peers.OVERLAY.json</c> (<c>peers.OVERLAY.INSTANCE.json</c> for instances after the first) in
    /// <see cref="PeerCacheOptions.Directory"/>, written every <see cref="PeerCacheOptions.WriteInterval"/> and when the host
    /// stops. Default: null, no cache.
    /// </summary>
    public PeerCacheOptions? PeerCache { get; init; }

    /// <summary>Gets the instance number of the host these options are for (0 for the first; set by the launcher service per instance).</summary>
    public int Instance { get; init; }
}
