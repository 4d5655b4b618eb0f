namespace Launcher.Definitions;

/// <summary>One entry of <c>discovery.interfaces</c>: a discovery interface by class name and its settings. Equality ignores <see cref="Origin"/>.</summary>
public sealed record DiscoveryInterfaceDefinition
{
    /// <summary>Gets the interface's class name (<c>RendezvousInterface</c>, <c>CommunityInterface</c>, <c>LanBroadcastInterface</c>, or a plugin's).</summary>
    public required string Class { get; init; }

    /// <summary>Gets the interface's settings (bound to the options type the class declares).</summary>
    public SettingsMap Init { get; init; } = SettingsMap.Empty;

    /// <summary>Gets where the entry was declared.</summary>
    public Origin Origin { get; init; } = Origin.Defaults;

    /// <inheritdoc />
    public bool Equals(DiscoveryInterfaceDefinition? other) => other is not null && Class == other.Class && Init.Equals(other.Init);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Class, Init);
}
