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
    /// Gets the factory that turns the configured <c>interfaces</c> into the host's endpoint. Default: real
    /// UDP sockets (<see cref="UdpEndpointFactory"/>). Tests pass a simulated network's endpoints here.
    /// </summary>
    public Func<IReadOnlyList<InterfaceDefinition>, IEndpoint> EndpointFactory { get; init; } = UdpEndpointFactory.Create;

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
}
