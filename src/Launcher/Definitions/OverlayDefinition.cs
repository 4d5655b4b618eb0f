namespace Launcher.Definitions;

/// <summary>
/// One overlay to launch, whichever front door declared it (attributes, <c>ConfigBuilder</c>, YAML, JSON).
/// Names (class, strategies, bootstrappers, conditions) are resolved later by the component catalog.
/// Equality compares every setting and ignores <see cref="Origin"/>, so the same overlay declared through
/// two front doors is Equal.
/// </summary>
public sealed record OverlayDefinition
{
    /// <summary>Unique launcher name (launch order and overrides refer to it). Defaults to the class name.</summary>
    public required string Name { get; init; }

    /// <summary>Overlay class name (py-ipv8 <c>class</c>), e.g. <c>DiscoveryCommunity</c>.</summary>
    public required string Class { get; init; }

    /// <summary>
    /// Alias of the key this overlay uses (py-ipv8 <c>key</c>). Null = not given: the configuration's only key is
    /// used when it has exactly one; with several keys the model reports an error naming the aliases to choose from.
    /// </summary>
    public string? Key { get; init; }

    /// <summary>
    /// The launcher class a configuration entry names (<c>- launcher: ChatLauncher</c>, by class name or
    /// <c>[Name]</c>), or null for a complete definition. <c>LauncherModelBuilder</c> replaces such an entry
    /// with the launcher's own declaration, where every setting in <see cref="GivenSettings"/> keeps the
    /// entry's value.
    /// </summary>
    public string? Launcher { get; init; }

    /// <summary>
    /// For an entry that names a <see cref="Launcher"/>: the settings written beside it (<c>key</c>,
    /// <c>enabled</c>, <c>walkers</c>, ...), which replace the launcher's values. Empty otherwise.
    /// </summary>
    public EquatableArray<string> GivenSettings { get; init; }

    /// <summary>Walk strategies, in registration (tick) order.</summary>
    public EquatableArray<WalkerDefinition> Walkers { get; init; }

    /// <summary>Bootstrappers, in order.</summary>
    public EquatableArray<BootstrapperDefinition> Bootstrappers { get; init; }

    /// <summary>Overlay settings overrides (py-ipv8 <c>initialize</c>), e.g. <c>max_peers</c>.</summary>
    public SettingsMap Initialize { get; init; } = SettingsMap.Empty;

    /// <summary>Calls made on the overlay after start (py-ipv8 <c>on_start</c>).</summary>
    public EquatableArray<OnStartCall> OnStart { get; init; }

    /// <summary>Names of overlays that must launch before this one (ignored when absent or disabled).</summary>
    public EquatableArray<string> After { get; init; }

    /// <summary>Names of launch conditions (<c>ILaunchCondition</c> components); all must hold to launch.</summary>
    public EquatableArray<string> Conditions { get; init; }

    /// <summary>False disables the overlay (it is skipped and does not block overlays that come after it).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Community id as 40 lower-case hex digits, for generic overlays whose class has none; else null.</summary>
    public string? CommunityId { get; init; }

    /// <summary>Where this overlay was declared.</summary>
    public Origin Origin { get; init; } = Origin.Defaults;

    /// <inheritdoc />
    public bool Equals(OverlayDefinition? other) =>
        other is not null && Name == other.Name && Class == other.Class && Key == other.Key
        && Walkers.Equals(other.Walkers) && Bootstrappers.Equals(other.Bootstrappers)
        && Initialize.Equals(other.Initialize) && OnStart.Equals(other.OnStart) && After.Equals(other.After)
        && Conditions.Equals(other.Conditions) && Enabled == other.Enabled && CommunityId == other.CommunityId
        && Launcher == other.Launcher && GivenSettings.Equals(other.GivenSettings);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(HashCode.Combine(Name, Class, Key, Walkers, Bootstrappers),
            HashCode.Combine(Initialize, OnStart, After, Conditions, Enabled, CommunityId, Launcher));
}
