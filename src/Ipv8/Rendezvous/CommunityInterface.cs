using System.Diagnostics.CodeAnalysis;
using Ipv8.Peers;

namespace Ipv8.Rendezvous;

/// <summary>
/// Discovery through the communities a node belongs to: the peers of a namespace are the verified peers of the community
/// it maps to (<see cref="CommunityInterfaceOptions.Namespaces"/>), found by the walk and by DiscoveryCommunity's
/// similarity exchange (both land in the node's <see cref="Network"/>). Their keys were proven by the trust handshake,
/// so they are reported as verified peers. Belonging to the community is the advertisement, so this interface does not advertise.
/// </summary>
[ComponentOptions(typeof(CommunityInterfaceOptions))]
public sealed class CommunityInterface : IDiscoveryInterface
{
    /// <summary>The name this interface is known by.</summary>
    public const string InterfaceName = "CommunityInterface";

    private readonly Network _network;
    private readonly CommunityInterfaceOptions _options;

    /// <summary>Creates the interface over the node's network (shared by its overlays).</summary>
    /// <param name="network">The network holding the verified peers of every overlay.</param>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentException">The settings are invalid (every problem listed).</exception>
    public CommunityInterface(Network network, CommunityInterfaceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        _options = options ?? new CommunityInterfaceOptions();
        if (_options.Validate() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        _network = network;
    }

    /// <inheritdoc/>
    public string Name => InterfaceName;

    /// <inheritdoc/>
    public bool CanAdvertise => false;

    /// <inheritdoc/>
    public bool CanRequest => true;

    /// <summary>Parses a 20-byte community id from 40 hex digits.</summary>
    /// <param name="hex">The text.</param>
    /// <param name="id">The id.</param>
    /// <returns>True when valid.</returns>
    public static bool TryParseCommunityId(string? hex, [NotNullWhen(true)] out byte[]? id)
    {
        id = null;
        if (hex is not { Length: 40 } || !hex.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        id = Convert.FromHexString(hex);
        return true;
    }

    /// <inheritdoc/>
    public void Advertise(string ns, Action<TimeSpan?> done)
    {
        ArgumentNullException.ThrowIfNull(done);
        done(Timeout.InfiniteTimeSpan);
    }

    /// <inheritdoc/>
    public void StopAdvertising(string ns)
    {
    }

    /// <inheritdoc/>
    public void Request(string ns, IDiscoverySink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var hex = _options.Namespaces.TryGetValue(ns, out var mapped) ? mapped : ns;
        if (!TryParseCommunityId(hex, out var id))
        {
            return;
        }

        foreach (var peer in _network.GetPeersForService(ServiceId.From(id)))
        {
            sink.OnVerifiedPeer(peer, ns, InterfaceName);
        }
    }
}
