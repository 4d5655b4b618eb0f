using System.Text;
using Ipv8.Keys;

namespace Ipv8.Tests.Keys;

public sealed class EcKeyTests
{
    private readonly KeyFactory _factory = new(SignatureBackendKind.Managed);

    private static byte[] M2PrivateBin => KeyVectors.KeyHex("M2", "private_key_bin_hex");

    private static byte[] M2PublicBin => KeyVectors.KeyHex("M2", "public_key_bin_hex");

    [Test]
    public void ParsePrivateKey_M2Der_GivesVectorPublicBinMidAndSameBin()
    {
        var key = _factory.ParsePrivateKey(M2PrivateBin);
        Assert.Multiple(() =>
        {
            Assert.That(key.PublicKey.KeyBin.ToArray(), Is.EqualTo(M2PublicBin));
            Assert.That(key.PublicKey.MidHex, Is.EqualTo(KeyVectors.Key("M2").GetProperty("mid_hex").GetString()));
            Assert.That(key.KeyBin.ToArray(), Is.EqualTo(M2PrivateBin));
            Assert.That(key.SignatureLength, Is.EqualTo(42));
        });
    }

    [Test]
    public void ParsePrivateKey_M2AsPem_GivesSamePublicKey()
    {
        var pem = "-----BEGIN EC PRIVATE KEY-----\n" + Convert.ToBase64String(M2PrivateBin, Base64FormattingOptions.InsertLineBreaks)
            + "\n-----END EC PRIVATE KEY-----\n";
        var key = _factory.ParsePrivateKey(Encoding.ASCII.GetBytes(pem));
        Assert.That(key.PublicKey.KeyBin.ToArray(), Is.EqualTo(M2PublicBin));
    }

    [Test]
    public void TryParsePublicKey_M2_HasSignatureLength42AndVectorMid()
    {
        Assert.That(_factory.TryParsePublicKey(M2PublicBin, out var key), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(key!.SignatureLength, Is.EqualTo(42));
            Assert.That(key.MidHex, Is.EqualTo("e7fb0356416ad712df23cc695597b061ca06920d"));
        });
    }

    [Test]
    public void Verify_EcdsaSect163k1Example_IsTrueAndFalseWhenTampered()
    {
        var vector = KeyVectors.SignatureExample("ecdsa_sect163k1");
        Assert.That(_factory.TryParsePublicKey(KeyVectors.Hex(vector.GetProperty("public_key_bin_hex")), out var key), Is.True);
        var message = KeyVectors.Hex(vector.GetProperty("message_hex"));
        var signature = KeyVectors.Hex(vector.GetProperty("signature_hex"));
        var tampered = signature.ToArray();
        tampered[^1] ^= 1;
        Assert.Multiple(() =>
        {
            Assert.That(key!.Verify(signature, message), Is.True);
            Assert.That(key.Verify(tampered, message), Is.False);
            Assert.That(key.Verify(signature, [.. message, 0]), Is.False);
        });
    }

    [Test]
    public void Verify_EcdsaVectorPacket_LastSignatureLengthBytesVerifyOverTheRest()
    {
        var vector = KeyVectors.EcdsaVector(0);
        var packet = KeyVectors.Hex(vector.GetProperty("packet_hex"));
        Assert.That(_factory.TryParsePublicKey(KeyVectors.Hex(vector.GetProperty("inputs").GetProperty("public_key_bin_hex")), out var key), Is.True);
        var signed = packet[..^key!.SignatureLength];
        var signature = packet[^key.SignatureLength..];
        Assert.Multiple(() =>
        {
            Assert.That(key.SignatureLength, Is.EqualTo(42));
            Assert.That(signed, Is.EqualTo(KeyVectors.Hex(vector.GetProperty("signed_part_hex"))));
            Assert.That(key.Verify(signature, signed), Is.True);
            Assert.That(key.Verify(signature, signed.AsSpan(1)), Is.False);
        });
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(41)]
    [TestCase(43)]
    [TestCase(84)]
    public void Verify_WrongLengthSignature_IsFalse(int length)
    {
        Assert.That(_factory.TryParsePublicKey(M2PublicBin, out var key), Is.True);
        Assert.That(key!.Verify(new byte[length], "x"u8), Is.False);
    }

    [Test]
    public void Verify_GarbageSignatures_AreFalseWithoutThrowing()
    {
        Assert.That(_factory.TryParsePublicKey(M2PublicBin, out var key), Is.True);
        var random = new Random(163);
        var signature = new byte[42];
        for (var i = 0; i < 30; i++)
        {
            random.NextBytes(signature);
            Assert.That(key!.Verify(signature, "x"u8), Is.False);
        }

        Assert.That(key!.Verify(new byte[42], "x"u8), Is.False, "r = s = 0");
        Assert.That(key.Verify(Enumerable.Repeat((byte)0xFF, 42).ToArray(), "x"u8), Is.False, "r, s >= n");
    }

    [Test]
    public void Sign_ConcurrentSigners_GiveTheSameDeterministicSignaturesAsOneSigner()
    {
        // Concurrent signers use their own copies of the domain parameters (own generator instance); RFC 6979 nonces make
        // the signature a function of key and message, so every thread must produce exactly the single-threaded bytes.
        var key = _factory.Generate("very-low");
        var messages = Enumerable.Range(0, 64).Select(i => Encoding.ASCII.GetBytes($"message {i}")).ToArray();
        var expected = messages.Select(m =>
        {
            var signature = new byte[key.SignatureLength];
            key.Sign(m, signature);
            return signature;
        }).ToArray();

        var mismatches = 0;
        Parallel.For(0, 4 * messages.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var signature = new byte[key.SignatureLength];
            key.Sign(messages[i % messages.Length], signature);
            if (!signature.AsSpan().SequenceEqual(expected[i % messages.Length]))
            {
                Interlocked.Increment(ref mismatches);
            }
        });

        Assert.Multiple(() =>
        {
            Assert.That(mismatches, Is.Zero);
            Assert.That(key.PublicKey.Verify(expected[0], messages[0]), Is.True);
        });
    }

    [TestCase("very-low", 42, "1.3.132.0.1")]
    [TestCase("low", 60, "1.3.132.0.26")]
    [TestCase("medium", 104, "1.3.132.0.36")]
    [TestCase("high", 144, "1.3.132.0.38")]
    public void Generate_EcLevel_SignsVerifiesAndRoundTrips(string level, int signatureLength, string oid)
    {
        var key = _factory.Generate(level);
        var signature = new byte[key.SignatureLength];
        key.Sign("ec message"u8, signature);
        var reparsed = _factory.ParsePrivateKey(key.KeyBin);
        Assert.That(_factory.TryParsePublicKey(key.PublicKey.KeyBin, out var publicKey), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(key.SignatureLength, Is.EqualTo(signatureLength));
            Assert.That(((EcPublicKey)key.PublicKey).Curve.Oid.Id, Is.EqualTo(oid));
            Assert.That(publicKey!.Verify(signature, "ec message"u8), Is.True);
            Assert.That(publicKey.Verify(signature, "ec messagf"u8), Is.False);
            Assert.That(reparsed.PublicKey, Is.EqualTo(key.PublicKey));
            Assert.That(reparsed.KeyBin.ToArray(), Is.EqualTo(key.KeyBin.ToArray()));
        });
    }

    [Test]
    public void TryParsePublicKey_Sect571r1Key_IsAcceptedWith144ByteSignatures()
    {
        // sect571r1 (older py-ipv8 "high") is parsed by OID: build its SubjectPublicKeyInfo from a sect571k1 key's shape.
        var curve = EcCurveOf("1.3.132.0.39");
        var point = curve.Domain.G.Multiply(Org.BouncyCastle.Math.BigInteger.ValueOf(12345)).Normalize();
        var bin = EcPublicKey.Encode(curve, point);
        Assert.That(_factory.TryParsePublicKey(bin, out var key), Is.True);
        Assert.That(key!.SignatureLength, Is.EqualTo(144));
    }

    [Test]
    public void Sign_M2Key_VerifiesWithVectorPublicKey()
    {
        var key = _factory.ParsePrivateKey(M2PrivateBin);
        var signature = new byte[42];
        key.Sign("ipv8"u8, signature);
        Assert.That(_factory.TryParsePublicKey(M2PublicBin, out var publicKey), Is.True);
        Assert.That(publicKey!.Verify(signature, "ipv8"u8), Is.True);
    }

    [Test]
    public void TryParsePublicKey_CompressedOrTrailingBytes_IsFalse()
    {
        var withTrailing = M2PublicBin.Concat(new byte[] { 0 }).ToArray();
        var wrongPoint = M2PublicBin.ToArray();
        wrongPoint[^1] ^= 1;
        Assert.Multiple(() =>
        {
            Assert.That(_factory.TryParsePublicKey(withTrailing, out _), Is.False);
            Assert.That(_factory.TryParsePublicKey(wrongPoint, out _), Is.False, "point not on the curve");
        });
    }

    private static EcCurve EcCurveOf(string oid) => EcCurve.FromOid(new Org.BouncyCastle.Asn1.DerObjectIdentifier(oid))!;
}
