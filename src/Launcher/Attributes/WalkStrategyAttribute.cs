namespace Launcher.Attributes;

/// <summary>
/// Adds a walk strategy to a launcher (py-ipv8 <c>@walk_strategy</c>); stack several, they run in declaration order.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class WalkStrategyAttribute : Attribute
{
    /// <summary>Adds <paramref name="strategyType"/>.</summary>
    /// <param name="strategyType">The strategy type (its catalog name is used).</param>
    public WalkStrategyAttribute(Type strategyType)
    {
        ArgumentNullException.ThrowIfNull(strategyType);
        StrategyType = strategyType;
        StrategyName = Catalog.ComponentNaming.NameOf(strategyType);
    }

    /// <summary>Adds the strategy the catalog knows as <paramref name="strategyName"/>.</summary>
    /// <param name="strategyName">The strategy name, e.g. <c>RandomWalk</c>.</param>
    public WalkStrategyAttribute(string strategyName) => StrategyName = strategyName;

    /// <summary>The strategy type, when given as a type.</summary>
    public Type? StrategyType { get; }

    /// <summary>The strategy name.</summary>
    public string StrategyName { get; }

    /// <summary>Run while the overlay has fewer peers than this; −1 = always. Default 20.</summary>
    public int TargetPeers { get; set; } = Definitions.WalkerDefinition.DefaultPeers;

    /// <summary>Optional settings type whose public properties (snake_case, nulls omitted) become the strategy's <c>init</c>.</summary>
    public Type? Settings { get; set; }
}
