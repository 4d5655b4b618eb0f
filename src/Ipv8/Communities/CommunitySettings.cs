using System.Text.Json.Serialization;
using Ipv8.Bootstrapping;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Peers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipv8.Communities;

/// <summary>
/// What a <see cref="Community"/> is built from (py-ipv8 <c>CommunitySettings</c>). Overlays with more settings
/// derive from this record. The properties without <see cref="JsonIgnoreAttribute"/> are the user settings a launcher
/// file's <c>initialize</c> may set (snake_case: <c>max_peers</c>, <c>bootstrap_timeout</c>, <c>trust</c>,
/// <c>receive_limits</c>); the ignored ones are wiring the host provides, or not for users (<see cref="Version"/> would
/// move the overlay to another wire prefix, <see cref="RandomSeed"/> exists for tests).
/// </summary>
public record CommunitySettings
{
    /// <summary>Gets the 20-byte community id (the overlay's service id).</summary>
    [JsonIgnore]
    public required ReadOnlyMemory<byte> CommunityId { get; init; }

    /// <summary>Gets the prefix version byte (2 for every current community).</summary>
    [JsonIgnore]
    public byte Version { get; init; } = CommunityPrefix.DefaultVersion;

    /// <summary>Gets the identity the overlay signs with (shared with other overlays using the same key).</summary>
    [JsonIgnore]
    public required MyPeer MyPeer { get; init; }

    /// <summary>Gets the endpoint the overlay sends and receives on.</summary>
    [JsonIgnore]
    public required IEndpoint Endpoint { get; init; }

    /// <summary>Gets the network state shared by the overlays of one instance.</summary>
    [JsonIgnore]
    public required Network Network { get; init; }

    /// <summary>
    /// Gets the key factory whose <see cref="KeyFactory.TryParsePublicKey"/> (cached) parses the key bins of received
    /// signed messages. One of <see cref="KeyFactory"/> and <see cref="KeyParser"/> is required.
    /// </summary>
    [JsonIgnore]
    public KeyFactory? KeyFactory { get; init; }

    /// <summary>Gets a parser for received key bins that takes precedence over <see cref="KeyFactory"/> (tests, custom key types).</summary>
    [JsonIgnore]
    public PublicKeyParser? KeyParser { get; init; }

    /// <summary>Gets the peer limit (py-ipv8 <c>max_peers</c>); default 30; negative disables it (spec 6.4).</summary>
    public int MaxPeers { get; init; } = 30;

    /// <summary>Gets the clock (virtual in simulations); default <see cref="TimeProvider.System"/>.</summary>
    [JsonIgnore]
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Gets the logger factory; default discards.</summary>
    [JsonIgnore]
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Gets the seed of the overlay's <see cref="Random"/>; null picks a random seed (not reproducible).</summary>
    [JsonIgnore]
    public int? RandomSeed { get; init; }

    /// <summary>Gets the bootstrappers the overlay drives (spec 9.1); default none.</summary>
    [JsonIgnore]
    public IReadOnlyList<IBootstrapper> Bootstrappers { get; init; } = [];

    /// <summary>Gets the bounds of the overlay's request cache.</summary>
    [JsonIgnore]
    public RequestCacheOptions RequestCache { get; init; } = new();

    /// <summary>
    /// Gets the trust rules (return routability before trust, no amplification, no lockout, never above
    /// <see cref="MaxPeers"/>); default on. <c>new PeerTrustOptions { Enabled = false }</c> behaves exactly like py-ipv8.
    /// </summary>
    public PeerTrustOptions Trust { get; init; } = new();

    /// <summary>Gets the timeout passed to <see cref="IBootstrapper.GetAddressesAsync"/> (py-ipv8: 60 s).</summary>
    public TimeSpan BootstrapTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Gets the receive limits (per-address, per-prefix and global token buckets) applied to every datagram with this
    /// community's prefix before any signature is verified. Default <see cref="ReceiveLimitOptions"/>'s defaults.
    /// Ignored when <see cref="ReceiveLimiter"/> is set.
    /// </summary>
    public ReceiveLimitOptions ReceiveLimits { get; init; } = new();

    /// <summary>
    /// Gets a limiter shared with other overlays on the same endpoint; default null (the community creates its own
    /// from <see cref="ReceiveLimits"/>).
    /// </summary>
    [JsonIgnore]
    public SourceRateLimiter? ReceiveLimiter { get; init; }

    /// <summary>
    /// Gets the factory that creates the community's <see cref="System.Diagnostics.Metrics.Meter"/>s (with dependency
    /// injection, the host's <see cref="System.Diagnostics.Metrics.IMeterFactory"/>); default null: the community creates
    /// and owns its meters and disposes them when unloaded. See <see cref="Community.Meters"/>.
    /// </summary>
    public System.Diagnostics.Metrics.IMeterFactory? MeterFactory { get; init; }
}
