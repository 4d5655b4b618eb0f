namespace Launcher.Definitions;

/// <summary>
/// An identity (py-ipv8 <c>keys</c> entry, spec §4.5): loaded from <see cref="File"/> if it exists, else from
/// <see cref="Bin"/>, else generated at <see cref="Generation"/> (and written to <see cref="File"/> when set).
/// An <see cref="Ephemeral"/> key is generated fresh at every start and never stored. Equality ignores
/// <see cref="Origin"/>.
/// </summary>
public sealed record KeyDefinition
{
    /// <summary>py-ipv8's default key alias, used by overlays that name no key.</summary>
    public const string DefaultAlias = "anonymous id";

    /// <summary>The alias overlays refer to.</summary>
    public required string Alias { get; init; }

    /// <summary>Security level: one of <see cref="KeyGenerations.All"/>. Default <c>curve25519</c>.</summary>
    public string Generation { get; init; } = KeyGenerations.Curve25519;

    /// <summary>Key file path (raw private key bin), or null.</summary>
    public string? File { get; init; }

    /// <summary>Base64 private key bin, or null.</summary>
    public string? Bin { get; init; }

    /// <summary>True for a key generated at every start (py-ipv8 <c>add_ephemeral_key</c>).</summary>
    public bool Ephemeral { get; init; }

    /// <summary>Where this key was declared.</summary>
    public Origin Origin { get; init; } = Origin.Defaults;

    /// <inheritdoc />
    public bool Equals(KeyDefinition? other) =>
        other is not null && Alias == other.Alias && Generation == other.Generation && File == other.File
        && Bin == other.Bin && Ephemeral == other.Ephemeral;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Alias, Generation, File, Bin, Ephemeral);
}
