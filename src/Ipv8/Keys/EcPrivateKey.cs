using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC.Multiplier;

namespace Ipv8.Keys;

/// <summary>
/// A py-ipv8 "M2Crypto" EC private key. Its bin is the DER of the SEC1 <c>ECPrivateKey</c> structure
/// (private scalar padded to the order's byte length, named-curve OID, public point), as OpenSSL writes
/// it. Signs ECDSA-SHA1 with RFC 6979 deterministic nonces and emits r ‖ s left-padded to
/// ceil(field bits / 8) each (any valid ECDSA signature verifies at py-ipv8).
/// </summary>
internal sealed class EcPrivateKey : PrivateKey
{
    private const int MaxPooledSigningParameters = 16;

    private readonly byte[] _keyBin;
    private readonly ECPrivateKeyParameters _parameters;
    private readonly EcPublicKey _publicKey;

    // BouncyCastle locks the generator point (and its precomputation table) on every fixed-point multiplication, so
    // concurrent signers sharing one generator instance contend on that lock (receive workers sign in parallel). Each
    // concurrent signer takes its own parameters, whose generator is a separate instance with its own precomputation.
    private readonly System.Collections.Concurrent.ConcurrentQueue<ECPrivateKeyParameters> _signingParameters = new();

    private EcPrivateKey(EcCurve curve, BigInteger d)
    {
        _parameters = new ECPrivateKeyParameters(d, curve.Domain);
        _signingParameters.Enqueue(_parameters);
        var point = new FixedPointCombMultiplier().Multiply(curve.Domain.G, d).Normalize();
        _publicKey = EcPublicKey.FromPoint(curve, point);
        _keyBin = new ECPrivateKeyStructure(curve.OrderBits, d, new DerBitString(point.GetEncoded(false)), curve.Oid).GetDerEncoded();
    }

    /// <inheritdoc/>
    public override PublicKey PublicKey => _publicKey;

    /// <inheritdoc/>
    public override ReadOnlySpan<byte> KeyBin => _keyBin;

    /// <summary>Gets the curve.</summary>
    internal EcCurve Curve => _publicKey.Curve;

    /// <summary>Generates a key on <paramref name="curve"/> with a uniformly random scalar in [1, n-1] from <paramref name="backend"/>.</summary>
    internal static EcPrivateKey Generate(EcCurve curve, ISignatureBackend backend)
    {
        var n = curve.Domain.N;
        var buffer = new byte[(curve.OrderBits + 7) / 8];
        var excessBits = (buffer.Length * 8) - curve.OrderBits;
        while (true)
        {
            backend.FillRandom(buffer);
            buffer[0] &= (byte)(0xFF >> excessBits);
            var d = new BigInteger(1, buffer);
            if (d.SignValue > 0 && d.CompareTo(n) < 0)
            {
                CryptographicOperations.ZeroMemory(buffer);
                return new EcPrivateKey(curve, d);
            }
        }
    }

    /// <summary>
    /// Parses DER (SEC1 <c>ECPrivateKey</c>, or PKCS#8 wrapping one) or PEM text (<c>EC PRIVATE KEY</c> or
    /// <c>PRIVATE KEY</c>). Never throws; <paramref name="error"/> says why parsing failed.
    /// </summary>
    internal static bool TryParse(ReadOnlySpan<byte> bin, [NotNullWhen(true)] out EcPrivateKey? key, out string error)
    {
        key = null;
        error = string.Empty;
        try
        {
            var der = bin.StartsWith(KeyPrefixes.Pem) ? FromPem(bin, out error) : bin.ToArray();
            if (der is null)
                return false;
            if (Asn1Object.FromByteArray(der) is not Asn1Sequence sequence || sequence.Count < 2)
            {
                error = "not a DER sequence";
                return false;
            }

            DerObjectIdentifier? oid = null;
            if (sequence[1] is Asn1Sequence)
            {
                // PKCS#8 PrivateKeyInfo: the curve is in the algorithm identifier.
                var info = PrivateKeyInfo.GetInstance(sequence);
                if (!X9ObjectIdentifiers.IdECPublicKey.Equals(info.PrivateKeyAlgorithm.Algorithm))
                {
                    error = "PKCS#8 key is not an EC key";
                    return false;
                }

                oid = info.PrivateKeyAlgorithm.Parameters as DerObjectIdentifier;
                sequence = (Asn1Sequence)info.ParsePrivateKey();
            }

            var structure = ECPrivateKeyStructure.GetInstance(sequence);
            oid = structure.Parameters as DerObjectIdentifier ?? oid;
            if (oid is null || EcCurve.FromOid(oid) is not { } curve)
            {
                error = "no named curve known to BouncyCastle";
                return false;
            }

            var d = structure.GetKey();
            if (d.SignValue <= 0 || d.CompareTo(curve.Domain.N) >= 0)
            {
                error = "private scalar out of range";
                return false;
            }

            var parsed = new EcPrivateKey(curve, d);
            var embedded = structure.PublicKey?.GetOctets();
            if (embedded is not null && !curve.Domain.Curve.DecodePoint(embedded).Equals(parsed._publicKey.Parameters.Q))
            {
                error = "embedded public key does not match the private scalar";
                return false;
            }

            key = parsed;
            error = string.Empty;
            return true;
        }
        catch (Exception e)
        {
            error = "malformed EC private key (" + e.GetType().Name + ")";
            return false;
        }
    }

    private static byte[]? FromPem(ReadOnlySpan<byte> bin, out string error)
    {
        var text = Encoding.ASCII.GetString(bin);
        if (!PemEncoding.TryFind(text, out var fields))
        {
            error = "malformed PEM";
            return null;
        }

        var label = text.AsSpan()[fields.Label];
        if (!label.SequenceEqual("EC PRIVATE KEY") && !label.SequenceEqual("PRIVATE KEY"))
        {
            error = "PEM label is not EC PRIVATE KEY or PRIVATE KEY";
            return null;
        }

        error = string.Empty;
        return Convert.FromBase64String(text[fields.Base64Data]);
    }

    /// <inheritdoc/>
    public override void Sign(ReadOnlySpan<byte> data, Span<byte> signature)
    {
        var half = Curve.FieldBytes;
        if (signature.Length < 2 * half)
            throw new ArgumentException($"The signature buffer must hold {2 * half} bytes.", nameof(signature));
        var parameters = _signingParameters.TryDequeue(out var pooled) ? pooled : CopyWithOwnGenerator(_parameters);
        BigInteger[] rs;
        try
        {
            var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha1Digest()));
            signer.Init(true, parameters);
            rs = signer.GenerateSignature(EcPublicKey.Sha1(data));
        }
        finally
        {
            if (_signingParameters.Count < MaxPooledSigningParameters)
            {
                _signingParameters.Enqueue(parameters);
            }
        }

        WritePadded(rs[0], signature[..half]);
        WritePadded(rs[1], signature.Slice(half, half));
    }

    /// <summary>The same private scalar and domain, with a generator point instance of its own (see <see cref="_signingParameters"/>).</summary>
    private static ECPrivateKeyParameters CopyWithOwnGenerator(ECPrivateKeyParameters parameters)
    {
        var domain = parameters.Parameters;
        var g = domain.G.Normalize();
        var generator = domain.Curve.CreatePoint(g.AffineXCoord.ToBigInteger(), g.AffineYCoord.ToBigInteger());
        return new ECPrivateKeyParameters(parameters.D, new ECDomainParameters(domain.Curve, generator, domain.N, domain.H, domain.GetSeed()));
    }

    private static void WritePadded(BigInteger value, Span<byte> destination)
    {
        var bytes = value.ToByteArrayUnsigned();
        if (bytes.Length > destination.Length)
            throw new CryptographicException("ECDSA signature half does not fit the curve's field size.");
        destination.Clear();
        bytes.CopyTo(destination[(destination.Length - bytes.Length)..]);
    }
}
