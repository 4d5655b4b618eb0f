namespace Launcher.Definitions;

/// <summary>
/// One walk strategy of an overlay (py-ipv8 <c>{"strategy": name, "peers": target, "init": {...}}</c>).
/// Equality ignores <see cref="Origin"/>.
/// </summary>
public sealed record WalkerDefinition
{
    /// <summary>py-ipv8's default target peer count for a walker (20).</summary>
    public const int DefaultPeers = 20;

    /// <summary>Strategy name, resolved by the component catalog (e.g. <c>RandomWalk</c>).</summary>
    public required string Strategy { get; init; }

    /// <summary>Run the strategy while the overlay has fewer peers than this; −1 means always. Default 20.</summary>
    public int Peers { get; init; } = DefaultPeers;

    /// <summary>Constructor settings of the strategy (py-ipv8 <c>init</c>), e.g. <c>timeout</c>.</summary>
    public SettingsMap Init { get; init; } = SettingsMap.Empty;

    /// <summary>Where this walker was declared.</summary>
    public Origin Origin { get; init; } = Origin.Defaults;

    /// <inheritdoc />
    public bool Equals(WalkerDefinition? other) =>
        other is not null && Strategy == other.Strategy && Peers == other.Peers && Init.Equals(other.Init);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Strategy, Peers, Init);
}
