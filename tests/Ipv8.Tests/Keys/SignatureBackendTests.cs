using Ipv8.Keys;

namespace Ipv8.Tests.Keys;

[TestFixtureSource(typeof(BackendCases), nameof(BackendCases.Kinds))]
public sealed class SignatureBackendTests(SignatureBackendKind kind)
{
    // RFC 8032 §7.1 test 1 and RFC 7748 §6.1 "Alice" (spec §15.2).
    private static readonly byte[] Rfc8032Seed = KeyVectors.Hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static readonly byte[] Rfc8032Public = KeyVectors.Hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static readonly byte[] Rfc8032EmptySignature = KeyVectors.Hex(
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    private static readonly byte[] AliceSecret = KeyVectors.Hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    private static readonly byte[] AlicePublic = KeyVectors.Hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");

    private ISignatureBackend _backend = null!;

    [SetUp]
    public void SetUp() => _backend = BackendCases.Create(kind);

    [Test]
    public void Name_MatchesKind()
    {
        Assert.That(_backend.Name, Is.EqualTo(kind == SignatureBackendKind.Libsodium ? "libsodium" : "managed"));
    }

    [Test]
    public void Ed25519PublicKeyFromSeed_Rfc8032Test1_GivesRfcPublicKey()
    {
        var pk = new byte[32];
        _backend.Ed25519PublicKeyFromSeed(Rfc8032Seed, pk);
        Assert.That(pk, Is.EqualTo(Rfc8032Public));
    }

    [Test]
    public void Ed25519ExpandSeed_Rfc8032Test1_IsSeedThenPublicKey()
    {
        var expanded = new byte[64];
        _backend.Ed25519ExpandSeed(Rfc8032Seed, expanded);
        Assert.That(expanded, Is.EqualTo(Rfc8032Seed.Concat(Rfc8032Public).ToArray()));
    }

    [Test]
    public void Ed25519Sign_Rfc8032Test1EmptyMessage_GivesRfcSignatureThatVerifies()
    {
        var expanded = new byte[64];
        _backend.Ed25519ExpandSeed(Rfc8032Seed, expanded);
        var signature = new byte[64];
        _backend.Ed25519Sign(expanded, [], signature);
        Assert.Multiple(() =>
        {
            Assert.That(signature, Is.EqualTo(Rfc8032EmptySignature));
            Assert.That(_backend.Ed25519Verify(signature, [], Rfc8032Public), Is.True);
            Assert.That(_backend.Ed25519Verify(signature, [0], Rfc8032Public), Is.False);
        });
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
    public void Ed25519Verify_WrongSignatureLength_IsFalse(int length)
    {
        Assert.That(_backend.Ed25519Verify(new byte[length], [1, 2, 3], Rfc8032Public), Is.False);
    }

    [Test]
    public void Ed25519Verify_GarbageSignatureAndKey_IsFalseWithoutThrowing()
    {
        var random = new Random(8032);
        var signature = new byte[64];
        var key = new byte[32];
        for (var i = 0; i < 50; i++)
        {
            random.NextBytes(signature);
            random.NextBytes(key);
            Assert.That(_backend.Ed25519Verify(signature, [1, 2, 3], key), Is.False);
        }

        Assert.That(_backend.Ed25519Verify(Rfc8032EmptySignature, [], new byte[31]), Is.False);
    }

    [Test]
    public void Ed25519Sign_SmallSignatureBuffer_Throws()
    {
        var expanded = new byte[64];
        _backend.Ed25519ExpandSeed(Rfc8032Seed, expanded);
        Assert.Throws<ArgumentException>(() => _backend.Ed25519Sign(expanded, [1], new byte[63]));
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
