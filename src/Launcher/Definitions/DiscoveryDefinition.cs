namespace Launcher.Definitions;

/// <summary>
/// Our extension (issue 10): a node's discovery by namespace, the top-level <c>discovery</c> section. The host runs the
/// rendezvous overlay (<c>RendezvousCommunity</c>, serving when <see cref="Serve"/>) on its endpoint and a
/// <c>DiscoveryManager</c> over <see cref="Interfaces"/>, advertising <see cref="Advertise"/> and requesting
/// <see cref="Request"/>. Equality ignores <see cref="Origin"/>.
/// </summary>
public sealed record DiscoveryDefinition
{
    /// <summary>Gets a value indicating whether this node is a rendezvous point (default false).</summary>
    public bool Serve { get; init; }

    /// <summary>Gets the discovery interfaces by class name with their <c>init</c> settings, in order.</summary>
    public EquatableArray<DiscoveryInterfaceDefinition> Interfaces { get; init; }

    /// <summary>Gets the namespaces this node advertises (kept alive until the node stops).</summary>
    public EquatableArray<string> Advertise { get; init; }

    /// <summary>Gets the namespaces this node looks for (reported under <c>discovered</c> in <c>--report</c> lines).</summary>
    public EquatableArray<string> Request { get; init; }

    /// <summary>Gets the key alias of the node's discovery identity; null = the only configured key.</summary>
    public string? Key { get; init; }

    /// <summary>Gets where the section was declared.</summary>
    public Origin Origin { get; init; } = Origin.Defaults;

    /// <inheritdoc />
    public bool Equals(DiscoveryDefinition? other) =>
        other is not null && Serve == other.Serve && Interfaces.Equals(other.Interfaces) && Advertise.Equals(other.Advertise)
        && Request.Equals(other.Request) && Key == other.Key;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Serve, Interfaces, Advertise, Request, Key);
}
