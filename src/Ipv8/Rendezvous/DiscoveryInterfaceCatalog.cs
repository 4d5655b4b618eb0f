namespace Ipv8.Rendezvous;

/// <summary>
/// Discovery interfaces by name, as bootstrappers are: the built-in ones (<see cref="RendezvousInterface"/>,
/// <see cref="CommunityInterface"/>, <see cref="LanBroadcastInterface"/>) plus custom ones added with <see cref="Add"/>.
/// An instance, not static state; not thread-safe while being filled.
/// </summary>
public sealed class DiscoveryInterfaceCatalog
{
    private readonly Dictionary<string, Func<DiscoveryInterfaceContext, IDiscoveryInterface>> _factories = new(StringComparer.Ordinal);

    /// <summary>Creates a catalog holding the built-in interfaces (their <c>Init</c> must be their options record, or null for the defaults where allowed).</summary>
    public DiscoveryInterfaceCatalog()
    {
        Add(RendezvousInterface.InterfaceName, c => new RendezvousInterface(c.Rendezvous, c.Init as RendezvousInterfaceOptions ?? throw new ArgumentException("RendezvousInterface needs RendezvousInterfaceOptions (rendezvous_points).")));
        Add(CommunityInterface.InterfaceName, c => new CommunityInterface(c.Network, c.Init as CommunityInterfaceOptions));
        Add(LanBroadcastInterface.InterfaceName, c => new LanBroadcastInterface(c.Rendezvous, c.Init as LanBroadcastOptions ?? throw new ArgumentException("LanBroadcastInterface needs LanBroadcastOptions (broadcast_address).")));
    }

    /// <summary>Gets the known names, sorted.</summary>
    public IReadOnlyList<string> Names => [.. _factories.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Adds a custom interface under <paramref name="name"/>.</summary>
    /// <param name="name">The name (unique).</param>
    /// <param name="factory">Builds the interface.</param>
    /// <exception cref="ArgumentException">The name is empty or already taken.</exception>
    public void Add(string name, Func<DiscoveryInterfaceContext, IDiscoveryInterface> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (!_factories.TryAdd(name, factory))
        {
            throw new ArgumentException($"A discovery interface named '{name}' is already known.", nameof(name));
        }
    }

    /// <summary>Creates the interface named <paramref name="name"/>.</summary>
    /// <param name="name">The name.</param>
    /// <param name="context">What it is built from.</param>
    /// <returns>The interface.</returns>
    /// <exception cref="KeyNotFoundException">No interface has that name (the message lists the known names).</exception>
    /// <exception cref="ArgumentException">The settings do not suit the interface.</exception>
    public IDiscoveryInterface Create(string name, DiscoveryInterfaceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _factories.TryGetValue(name, out var factory)
            ? factory(context)
            : throw new KeyNotFoundException($"Unknown discovery interface '{name}'; known: {string.Join(", ", Names)}.");
    }
}
