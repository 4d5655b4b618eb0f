namespace Launcher.Catalog;

/// <summary>The kinds of component the catalog holds; each is described by a base type (see <see cref="ComponentCatalogBuilder"/>).</summary>
public enum ComponentKind
{
    /// <summary>Attribute-decorated launchers (<c>CommunityLauncher</c> subclasses).</summary>
    Launcher,

    /// <summary>Overlay (community) classes.</summary>
    Overlay,

    /// <summary>Walk (discovery) strategies.</summary>
    WalkStrategy,

    /// <summary>Bootstrappers.</summary>
    Bootstrapper,

    /// <summary>Launch conditions (<c>ILaunchCondition</c>).</summary>
    Condition,

    /// <summary>Discovery interfaces (<c>Ipv8.Rendezvous.IDiscoveryInterface</c>) of the <c>discovery</c> section.</summary>
    DiscoveryInterface,

    /// <summary>
    /// Pipe handlers of the <c>connectivity</c> section (<c>Ipv8.Connectivity.Pipes.IPipeHandler</c>), named by the protocol
    /// they serve. The core does not know their base type: the <c>Launcher.Connectivity</c> assembly registers it
    /// (<see cref="ComponentCatalogBuilder.AddKind"/>); without it the catalog has none.
    /// </summary>
    PipeHandler,
}
