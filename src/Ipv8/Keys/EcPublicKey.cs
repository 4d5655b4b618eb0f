using System.Diagnostics.CodeAnalysis;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace Ipv8.Keys;

/// <summary>
/// A py-ipv8 "M2Crypto" EC public key: bin = DER SubjectPublicKeyInfo (id-ecPublicKey, named-curve OID,
/// uncompressed point). Signatures are ECDSA-SHA1 as r ‖ s, each left-padded to ceil(field bits / 8).
/// </summary>
/// <remarks>
/// Only the canonical DER form is accepted (what OpenSSL and py-ipv8 write): py-ipv8 re-encodes a parsed
/// key before hashing it into the member id, so accepting other encodings (compressed points, BER)
/// would give one key two identities.
/// </remarks>
internal sealed class EcPublicKey : PublicKey
{
    private EcPublicKey(ReadOnlySpan<byte> keyBin, EcCurve curve, ECPoint point)
        : base(keyBin)
    {
        Curve = curve;
        Parameters = new ECPublicKeyParameters(point, curve.Domain);
    }

    /// <summary>Gets the curve.</summary>
    internal EcCurve Curve { get; }

    /// <summary>Gets the BouncyCastle key parameters.</summary>
    internal ECPublicKeyParameters Parameters { get; }

    /// <inheritdoc/>
    public override int SignatureLength => Curve.SignatureLength;

    /// <summary>Encodes a point on a named curve as the canonical SubjectPublicKeyInfo DER.</summary>
    internal static byte[] Encode(EcCurve curve, ECPoint point) =>
        new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.IdECPublicKey, curve.Oid), point.GetEncoded(false))
            .GetDerEncoded();

    /// <summary>Builds the public key of a point on a curve.</summary>
    internal static EcPublicKey FromPoint(EcCurve curve, ECPoint point) => new(Encode(curve, point.Normalize()), curve, point.Normalize());

    /// <summary>Parses a DER SubjectPublicKeyInfo with a named EC curve. Never throws.</summary>
    internal static bool TryParse(ReadOnlySpan<byte> keyBin, [NotNullWhen(true)] out EcPublicKey? key)
    {
        key = null;
        try
        {
            var input = keyBin.ToArray();
            if (Asn1Object.FromByteArray(input) is not Asn1Sequence sequence)
                return false;
            var info = SubjectPublicKeyInfo.GetInstance(sequence);
            if (!X9ObjectIdentifiers.IdECPublicKey.Equals(info.Algorithm.Algorithm)
                || info.Algorithm.Parameters is not DerObjectIdentifier oid
                || EcCurve.FromOid(oid) is not { } curve)
            {
                return false;
            }

            var point = curve.Domain.Curve.DecodePoint(info.PublicKey.GetBytes()).Normalize();
            if (point.IsInfinity || !point.IsValid() || !Encode(curve, point).AsSpan().SequenceEqual(input))
                return false;
            key = new EcPublicKey(input, curve, point);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public override bool Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> data)
    {
        if (signature.Length != SignatureLength)
            return false;
        try
        {
            var half = Curve.FieldBytes;
            var r = new BigInteger(1, signature[..half].ToArray());
            var s = new BigInteger(1, signature[half..].ToArray());
            var signer = new ECDsaSigner();
            signer.Init(false, Parameters);
            return signer.VerifySignature(Sha1(data), r, s);
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>SHA-1 of <paramref name="data"/>, the digest py-ipv8's EC keys sign.</summary>
    internal static byte[] Sha1(ReadOnlySpan<byte> data)
    {
        var digest = new Sha1Digest();
        var buffer = data.ToArray();
        digest.BlockUpdate(buffer, 0, buffer.Length);
        var hash = new byte[digest.GetDigestSize()];
        digest.DoFinal(hash, 0);
        return hash;
    }
}
