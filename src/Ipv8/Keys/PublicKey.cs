using System.Security.Cryptography;

namespace Ipv8.Keys;

/// <summary>
/// A public key as py-ipv8 puts it on the wire: its key bin (<c>LibNaCLPK:</c> ‖ X25519 ‖ Ed25519 for
/// curve25519 keys, DER SubjectPublicKeyInfo for EC keys) is the peer's identity, and
/// <see cref="Mid"/> = SHA-1(key bin). Two keys are equal when their key bins are equal.
/// </summary>
public abstract class PublicKey : IEquatable<PublicKey>
{
    private readonly byte[] _keyBin;
    private readonly byte[] _mid;
    private readonly int _hash;

    /// <summary>Initializes the key from its public key bin (copied).</summary>
    protected PublicKey(ReadOnlySpan<byte> keyBin)
    {
        _keyBin = keyBin.ToArray();
        // SHA-1 is what py-ipv8 defines the member id as; it names, it does not protect.
#pragma warning disable CA5350
        _mid = SHA1.HashData(_keyBin);
#pragma warning restore CA5350
        _hash = BitConverter.ToInt32(_mid, 0);
    }

    /// <summary>Gets the public key bin exactly as it is sent in the auth field of signed messages.</summary>
    public ReadOnlySpan<byte> KeyBin => _keyBin;

    /// <summary>Gets the public key bin as memory (no copy).</summary>
    public ReadOnlyMemory<byte> KeyBinMemory => _keyBin;

    /// <summary>Gets the member id: SHA-1 of the public key bin (20 bytes).</summary>
    public ReadOnlySpan<byte> Mid => _mid;

    /// <summary>Gets the member id as lowercase hex.</summary>
    public string MidHex => Convert.ToHexStringLower(_mid);

    /// <summary>Gets the length of signatures made by the matching private key (64 for Ed25519).</summary>
    public abstract int SignatureLength { get; }

    /// <summary>
    /// Verifies <paramref name="signature"/> over <paramref name="data"/>. Never throws for bad input:
    /// a signature of the wrong length or any malformed value is simply invalid.
    /// </summary>
    public abstract bool Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> data);

    /// <inheritdoc/>
    public bool Equals(PublicKey? other) => other is not null && _keyBin.AsSpan().SequenceEqual(other._keyBin);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PublicKey other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;

    /// <inheritdoc/>
    public override string ToString() => MidHex;
}
