namespace Launcher.Definitions;

/// <summary>
/// Our extension: a bootstrap tracker (spec §9.4) hosted in-process. Equality ignores <see cref="Origin"/>.
/// </summary>
public sealed record TrackerDefinition
{
    /// <summary>Address the tracker listens on. Default <c>127.0.0.1</c>.</summary>
    public string Address { get; init; } = "127.0.0.1";

    /// <summary>UDP port the tracker listens on. Default 8090 (py-ipv8's tracker default).</summary>
    public int Port { get; init; } = 8090;

    /// <summary>
    /// The tracker's limits as written under <c>limits</c> (request rates and bursts per address, per /24 prefix and
    /// globally, table sizes; keys in <c>$defs/tracker_limits</c> of the schema). Empty (default) keeps
    /// <c>Ipv8.Tracker.TrackerOptions</c>' defaults. Checked when the file is loaded; applied by
    /// <c>TrackerDefinition.ToHostOptions()</c> (<c>Launcher.Hosting.TrackerDefinitionExtensions</c>).
    /// </summary>
    public SettingsMap Limits { get; init; } = SettingsMap.Empty;

    /// <summary>Where the tracker was declared.</summary>
    public Origin Origin { get; init; } = Origin.Defaults;

    /// <inheritdoc />
    public bool Equals(TrackerDefinition? other) => other is not null && Address == other.Address && Port == other.Port && Limits.Equals(other.Limits);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Address, Port, Limits);
}
