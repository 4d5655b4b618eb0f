namespace Launcher.Definitions;

/// <summary>
/// One bootstrapper of an overlay (py-ipv8 <c>{"class": name, "init": {...}}</c>). Equality ignores
/// <see cref="Origin"/>.
/// </summary>
public sealed record BootstrapperDefinition
{
    /// <summary>Bootstrapper class name, resolved by the component catalog (e.g. <c>DispersyBootstrapper</c>).</summary>
    public required string Class { get; init; }

    /// <summary>Constructor settings (py-ipv8 <c>init</c>), e.g. <c>ip_addresses</c>, <c>bootstrap_timeout</c>.</summary>
    public SettingsMap Init { get; init; } = SettingsMap.Empty;

    /// <summary>Where this bootstrapper was declared.</summary>
    public Origin Origin { get; init; } = Origin.Defaults;

    /// <inheritdoc />
    public bool Equals(BootstrapperDefinition? other) =>
        other is not null && Class == other.Class && Init.Equals(other.Init);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Class, Init);
}
