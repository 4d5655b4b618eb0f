namespace Launcher.Definitions;

/// <summary>The key security levels of spec §4.1 (py-ipv8 names).</summary>
public static class KeyGenerations
{
    /// <summary>Ed25519 + X25519 ("LibNaCL"); the only level to use for new identities.</summary>
    public const string Curve25519 = "curve25519";

    /// <summary>All level names, in py-ipv8's spelling.</summary>
    public static IReadOnlyList<string> All { get; } = [Curve25519, "very-low", "low", "medium", "high"];
}
