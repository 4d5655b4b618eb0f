using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Ipv8.Keys;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

namespace Ipv8.Tests.Messaging;

/// <summary>
/// Minimal BouncyCastle keys for the wire tests (LibNaCL Ed25519 and DER EC public keys). Independent of the
/// production key code, so the framing is checked against py-ipv8's bytes by a second implementation.
/// </summary>
internal static class TestKeys
{
    private static readonly byte[] PublicPrefix = "LibNaCLPK:"u8.ToArray();
    private static readonly byte[] PrivatePrefix = "LibNaCLSK:"u8.ToArray();

    public static PrivateKey PrivateKeyFromBin(ReadOnlySpan<byte> bin)
    {
        if (bin.Length < 74 || !bin.StartsWith(PrivatePrefix))
        {
            throw new ArgumentException("Not a LibNaCLSK key bin.", nameof(bin));
        }

        return new Ed25519TestPrivateKey(bin[..74].ToArray());
    }

    public static bool TryParsePublicKey(ReadOnlySpan<byte> bin, [NotNullWhen(true)] out PublicKey? key)
    {
        key = null;
        try
        {
            if (bin.StartsWith(PublicPrefix))
            {
                if (bin.Length < 74)
                {
                    return false;
                }

                key = new Ed25519TestPublicKey(bin[..74]);
                return true;
            }

            if (PublicKeyFactory.CreateKey(bin.ToArray()) is ECPublicKeyParameters ec)
            {
                key = new EcTestPublicKey(bin, ec);
                return true;
            }

            return false;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private sealed class Ed25519TestPublicKey(ReadOnlySpan<byte> bin) : PublicKey(bin)
    {
        private readonly Ed25519PublicKeyParameters _verifyKey = new(bin[42..74].ToArray(), 0);

        public override int SignatureLength => 64;

        public override bool Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> data)
        {
            if (signature.Length != 64)
            {
                return false;
            }

            var verifier = new Ed25519Signer();
            verifier.Init(false, _verifyKey);
            var bytes = data.ToArray();
            verifier.BlockUpdate(bytes, 0, bytes.Length);
            return verifier.VerifySignature(signature.ToArray());
        }
    }

    private sealed class Ed25519TestPrivateKey : PrivateKey
    {
        private readonly byte[] _bin;
        private readonly Ed25519PrivateKeyParameters _signingKey;

        public Ed25519TestPrivateKey(byte[] bin)
        {
            _bin = bin;
            _signingKey = new Ed25519PrivateKeyParameters(bin, 42);
            var x25519 = new X25519PrivateKeyParameters(bin, 10).GeneratePublicKey().GetEncoded();
            var publicBin = PublicPrefix.Concat(x25519).Concat(_signingKey.GeneratePublicKey().GetEncoded()).ToArray();
            PublicKey = new Ed25519TestPublicKey(publicBin);
        }

        public override PublicKey PublicKey { get; }

        public override ReadOnlySpan<byte> KeyBin => _bin;

        public override void Sign(ReadOnlySpan<byte> data, Span<byte> signature)
        {
            var signer = new Ed25519Signer();
            signer.Init(true, _signingKey);
            var bytes = data.ToArray();
            signer.BlockUpdate(bytes, 0, bytes.Length);
            signer.GenerateSignature().CopyTo(signature);
        }
    }

    private sealed class EcTestPublicKey(ReadOnlySpan<byte> bin, ECPublicKeyParameters key) : PublicKey(bin)
    {
        public override int SignatureLength => 2 * ((key.Parameters.Curve.FieldSize + 7) / 8);

        public override bool Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> data)
        {
            if (signature.Length != SignatureLength)
            {
                return false;
            }

            var half = signature.Length / 2;
            var r = new BigInteger(1, signature[..half].ToArray());
            var s = new BigInteger(1, signature[half..].ToArray());
            var verifier = new ECDsaSigner();
            verifier.Init(false, key);
#pragma warning disable CA5350 // py-ipv8's EC keys sign SHA-1 digests.
            return verifier.VerifySignature(SHA1.HashData(data), r, s);
#pragma warning restore CA5350
        }
    }
}
