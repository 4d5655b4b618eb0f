using Ipv8.Keys;

namespace Ipv8.Tests.Keys;

[TestFixtureSource(typeof(BackendCases), nameof(BackendCases.Kinds))]
public sealed class SignatureBackendTests(SignatureBackendKind kind)
{
    // RFC 8032 §7.1 tests 1 and 2 and RFC 7748 §6.1 "Alice" (spec §15.2).
    private static readonly byte[] Rfc8032Seed = KeyVectors.Hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static readonly byte[] Rfc8032Public = KeyVectors.Hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static readonly byte[] Rfc8032EmptySignature = KeyVectors.Hex(
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    private static readonly byte[] Rfc8032Test2Seed = KeyVectors.Hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
    private static readonly byte[] Rfc8032Test2Public = KeyVectors.Hex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
    private static readonly byte[] Rfc8032Test2Signature = KeyVectors.Hex(
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
    private static readonly byte[] AliceSecret = KeyVectors.Hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    private static readonly byte[] AlicePublic = KeyVectors.Hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");

    private ISignatureBackend _backend = null!;

    [SetUp]
    public void SetUp() => _backend = BackendCases.Create(kind);

    [Test]
    public void Name_MatchesKind()
    {
        Assert.That(_backend.Name, Is.EqualTo(kind == SignatureBackendKind.NSec ? "nsec" : "managed"));
    }

    [Test]
    public void ImportEd25519SigningKey_Rfc8032Test1_GivesRfcPublicKey()
    {
        var key = _backend.ImportEd25519SigningKey(Rfc8032Seed);
        Assert.That(key.PublicKey.ToArray(), Is.EqualTo(Rfc8032Public));
    }

    [Test]
    public void Sign_Rfc8032Test1EmptyMessage_GivesRfcSignatureThatVerifies()
    {
        var key = _backend.ImportEd25519SigningKey(Rfc8032Seed);
        var verifyKey = _backend.ImportEd25519VerifyKey(Rfc8032Public);
        var signature = new byte[64];
        key.Sign([], signature);
        Assert.Multiple(() =>
        {
            Assert.That(signature, Is.EqualTo(Rfc8032EmptySignature));
            Assert.That(verifyKey.Verify(signature, []), Is.True);
            Assert.That(verifyKey.Verify(signature, [0]), Is.False);
        });
    }

    [Test]
    public void Sign_Rfc8032Test2OneByteMessage_GivesRfcSignatureThatVerifies()
    {
        var key = _backend.ImportEd25519SigningKey(Rfc8032Test2Seed);
        var signature = new byte[64];
        key.Sign([0x72], signature);
        Assert.Multiple(() =>
        {
            Assert.That(key.PublicKey.ToArray(), Is.EqualTo(Rfc8032Test2Public));
            Assert.That(signature, Is.EqualTo(Rfc8032Test2Signature));
            Assert.That(_backend.ImportEd25519VerifyKey(Rfc8032Test2Public).Verify(signature, [0x72]), Is.True);
        });
    }

    [Test]
    public void Sign_LargerSignatureBuffer_WritesOnlyTheFirst64Bytes()
    {
        var key = _backend.ImportEd25519SigningKey(Rfc8032Seed);
        var buffer = Enumerable.Repeat((byte)0xAA, 80).ToArray();
        key.Sign([], buffer);
        Assert.Multiple(() =>
        {
            Assert.That(buffer[..64], Is.EqualTo(Rfc8032EmptySignature));
            Assert.That(buffer[64..], Is.All.EqualTo((byte)0xAA));
        });
    }

    [Test]
    public void Verify_SignatureWithOneBitFlipped_IsFalse()
    {
        var key = _backend.ImportEd25519SigningKey(Rfc8032Test2Seed);
        var verifyKey = _backend.ImportEd25519VerifyKey(key.PublicKey);
        var message = new byte[] { 1, 2, 3, 4, 5 };
        var signature = new byte[64];
        key.Sign(message, signature);
        Assert.That(verifyKey.Verify(signature, message), Is.True);
        for (var bit = 0; bit < 512; bit += 37)
        {
            var tampered = (byte[])signature.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.That(verifyKey.Verify(tampered, message), Is.False, $"bit {bit}");
        }
    }

    [Test]
    public void Verify_SignatureOfOtherKey_IsFalse()
    {
        var signature = new byte[64];
        _backend.ImportEd25519SigningKey(Rfc8032Seed).Sign([0x72], signature);
        Assert.That(_backend.ImportEd25519VerifyKey(Rfc8032Test2Public).Verify(signature, [0x72]), Is.False);
    }

    [Test]
    public void X25519PublicKeyFromSecret_Rfc7748Alice_GivesRfcPublicKey()
    {
        var pk = new byte[32];
        _backend.X25519PublicKeyFromSecret(AliceSecret, pk);
        Assert.That(pk, Is.EqualTo(AlicePublic));
    }

    [TestCase(0)]
    [TestCase(63)]
    [TestCase(65)]
    [TestCase(128)]
    public void Verify_WrongSignatureLength_IsFalse(int length)
    {
        var verifyKey = _backend.ImportEd25519VerifyKey(Rfc8032Public);
        Assert.That(verifyKey.Verify(new byte[length], [1, 2, 3]), Is.False);
    }

    [Test]
    public void Verify_GarbageSignatureAndKey_IsFalseWithoutThrowing()
    {
        var random = new Random(8032);
        var signature = new byte[64];
        var key = new byte[32];
        for (var i = 0; i < 50; i++)
        {
            random.NextBytes(signature);
            random.NextBytes(key);
            Assert.That(_backend.ImportEd25519VerifyKey(key).Verify(signature, [1, 2, 3]), Is.False);
        }
    }

    [Test]
    public void Verify_SmallOrderKeyWithIdentitySignature_IsFalse()
    {
        // The identity point as key and (R = identity, S = 0) as signature satisfies the verification equation
        // for every message; libsodium rejects small-order keys and R, and so must every backend.
        var identity = new byte[32];
        identity[0] = 1;
        var signature = new byte[64];
        identity.CopyTo(signature, 0);
        Assert.That(_backend.ImportEd25519VerifyKey(identity).Verify(signature, [1, 2, 3]), Is.False);
    }

    [TestCase(0)]
    [TestCase(31)]
    [TestCase(33)]
    [TestCase(64)]
    public void ImportEd25519SigningKey_WrongSeedLength_ThrowsArgumentException(int length)
    {
        var error = Assert.Throws<ArgumentException>(() => _backend.ImportEd25519SigningKey(new byte[length]));
        Assert.That(error!.Message, Does.Contain("32").And.Contain(length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [TestCase(0)]
    [TestCase(31)]
    [TestCase(33)]
    public void ImportEd25519VerifyKey_WrongKeyLength_ThrowsArgumentException(int length)
    {
        var error = Assert.Throws<ArgumentException>(() => _backend.ImportEd25519VerifyKey(new byte[length]));
        Assert.That(error!.ParamName, Is.EqualTo("publicKey"));
    }

    [Test]
    public void Sign_SmallSignatureBuffer_ThrowsArgumentException()
    {
        var key = _backend.ImportEd25519SigningKey(Rfc8032Seed);
        var error = Assert.Throws<ArgumentException>(() => key.Sign([1], new byte[63]));
        Assert.That(error!.ParamName, Is.EqualTo("signature"));
    }

    [TestCase(31, 32)]
    [TestCase(33, 32)]
    [TestCase(32, 31)]
    public void X25519PublicKeyFromSecret_WrongLengths_ThrowArgumentException(int secretLength, int publicKeyLength)
    {
        Assert.Throws<ArgumentException>(() => _backend.X25519PublicKeyFromSecret(new byte[secretLength], new byte[publicKeyLength]));
    }

    [Test]
    public void FillRandom_TwoCalls_DifferAndAreNotZero()
    {
        var a = new byte[32];
        var b = new byte[32];
        _backend.FillRandom(a);
        _backend.FillRandom(b);
        Assert.Multiple(() =>
        {
            Assert.That(a, Is.Not.EqualTo(b));
            Assert.That(a, Is.Not.EqualTo(new byte[32]));
        });
    }
}
