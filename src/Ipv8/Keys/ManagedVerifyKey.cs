using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Ipv8.Keys;

/// <summary>
/// An Ed25519 verify key for BouncyCastle, decoded once into a curve point. A key that is not a canonical
/// encoding of a point, or is of small order, verifies nothing (the checks libsodium makes per verification).
/// </summary>
internal sealed class ManagedVerifyKey : Ed25519VerifyKey
{
    // Null when the key bytes are no valid (canonical, not small-order) point.
    private readonly Ed25519.PublicPoint? _point;

    /// <summary>Imports a 32-byte verify key (checked by the base; copied).</summary>
    internal ManagedVerifyKey(ReadOnlySpan<byte> keyBytes)
        : base(keyBytes)
    {
        _point = Ed25519.ValidatePublicKeyPartialExport(keyBytes);
    }

    /// <inheritdoc/>
    protected override bool VerifyCore(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message)
    {
        if (_point is null)
            return false;
        try
        {
            return Ed25519.Verify(signature, _point, message);
        }
        catch (ArgumentException)
        {
            // BouncyCastle reports some malformed inputs by throwing; for a verifier they are simply invalid.
            return false;
        }
    }
}
