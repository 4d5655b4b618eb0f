namespace Ipv8.Keys;

/// <summary>
/// Where an identity's private key comes from, as in py-ipv8's <c>keys</c> configuration entries (§4.5):
/// an existing <see cref="File"/> wins; otherwise the base64 <see cref="Bin"/> if given, else a new key
/// of level <see cref="Generation"/>; then, if <see cref="File"/> is set, the key is written there.
/// </summary>
/// <param name="Generation">Security level of a generated key (default <c>curve25519</c>; see <see cref="KeyFactory.SecurityLevels"/>).</param>
/// <param name="File">Key file path, or null for no file.</param>
/// <param name="Bin">Base64 of a private key bin, or null.</param>
public sealed record KeySource(string Generation = KeyFactory.Curve25519, string? File = null, string? Bin = null);
