using Ipv8.Keys;

namespace Ipv8.Tests.Keys;

[TestFixtureSource(typeof(BackendCases), nameof(BackendCases.Kinds))]
public sealed class Curve25519KeyTests(SignatureBackendKind kind)
{
    private KeyFactory _factory = null!;

    [SetUp]
    public void SetUp() => _factory = BackendCases.Factory(kind);

    [TestCase("A")]
    [TestCase("B")]
    [TestCase("C")]
    public void ParsePrivateKey_VectorKey_GivesVectorPublicBinAndMid(string name)
    {
        var key = _factory.ParsePrivateKey(KeyVectors.KeyHex(name, "private_key_bin_hex"));
        Assert.Multiple(() =>
        {
            Assert.That(key.PublicKey.KeyBin.ToArray(), Is.EqualTo(KeyVectors.KeyHex(name, "public_key_bin_hex")));
            Assert.That(key.PublicKey.Mid.ToArray(), Is.EqualTo(KeyVectors.KeyHex(name, "mid_hex")));
            Assert.That(key.KeyBin.ToArray(), Is.EqualTo(KeyVectors.KeyHex(name, "private_key_bin_hex")));
            Assert.That(key.SignatureLength, Is.EqualTo(64));
        });
    }

    [TestCase("A")]
    [TestCase("B")]
    [TestCase("C")]
    public void FromCurve25519Halves_VectorHalves_EqualsParsedPrivateBin(string name)
    {
        var key = _factory.FromCurve25519Halves(KeyVectors.KeyHex(name, "x25519_secret_hex"), KeyVectors.KeyHex(name, "ed25519_seed_hex"));
        Assert.Multiple(() =>
        {
            Assert.That(key.KeyBin.ToArray(), Is.EqualTo(KeyVectors.KeyHex(name, "private_key_bin_hex")));
            Assert.That(key.PublicKey.KeyBin.ToArray(), Is.EqualTo(KeyVectors.KeyHex(name, "public_key_bin_hex")));
        });
    }

    [Test]
    public void FromCurve25519Halves_Spec15_2Key_GivesSpecPublicBinAndMid()
    {
        var key = _factory.FromCurve25519Halves(
            KeyVectors.Hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"),
            KeyVectors.Hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        Assert.Multiple(() =>
        {
            Assert.That(Convert.ToHexStringLower(key.PublicKey.KeyBin), Is.EqualTo(
                "4c69624e61434c504b3a8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6ad75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
            Assert.That(key.PublicKey.MidHex, Is.EqualTo("4c1bbe1a9fa74f89f9e461dd996ab41e8f4b5348"));
        });
    }

    [TestCase("ed25519")]
    [TestCase("ed25519_empty_message")]
    public void Sign_SignatureExample_ReproducesAndVerifies(string example)
    {
        var vector = KeyVectors.SignatureExample(example);
        var keyName = vector.GetProperty("key").GetString()!;
        var key = _factory.ParsePrivateKey(KeyVectors.KeyHex(keyName, "private_key_bin_hex"));
        var message = KeyVectors.Hex(vector.GetProperty("message_hex"));
        var expected = KeyVectors.Hex(vector.GetProperty("signature_hex"));
        var signature = new byte[key.SignatureLength];
        key.Sign(message, signature);
        Assert.That(_factory.TryParsePublicKey(KeyVectors.Hex(vector.GetProperty("public_key_bin_hex")), out var publicKey), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(signature, Is.EqualTo(expected));
            Assert.That(publicKey!.Verify(expected, message), Is.True);
        });
    }

    [Test]
    public void Verify_TamperedSignatureExample_IsFalse()
    {
        var vector = KeyVectors.SignatureExample("ed25519_tampered_must_fail");
        var publicKey = _factory.ParsePrivateKey(KeyVectors.KeyHex("A", "private_key_bin_hex")).PublicKey;
        Assert.That(publicKey.Verify(KeyVectors.Hex(vector.GetProperty("signature_hex")), KeyVectors.Hex(vector.GetProperty("message_hex"))), Is.False);
    }

    [Test]
    public void Verify_SignatureOfOtherMessageOrKey_IsFalse()
    {
        var a = _factory.ParsePrivateKey(KeyVectors.KeyHex("A", "private_key_bin_hex"));
        var b = _factory.ParsePrivateKey(KeyVectors.KeyHex("B", "private_key_bin_hex"));
        var signature = new byte[64];
        a.Sign("hello"u8, signature);
        Assert.Multiple(() =>
        {
            Assert.That(a.PublicKey.Verify(signature, "hello"u8), Is.True);
            Assert.That(a.PublicKey.Verify(signature, "hellp"u8), Is.False);
            Assert.That(b.PublicKey.Verify(signature, "hello"u8), Is.False);
        });
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(63)]
    [TestCase(65)]
    public void Verify_WrongLengthSignature_IsFalse(int length)
    {
        var key = _factory.ParsePrivateKey(KeyVectors.KeyHex("A", "private_key_bin_hex"));
        Assert.That(key.PublicKey.Verify(new byte[length], "x"u8), Is.False);
    }

    [Test]
    public void Sign_BufferTooSmall_ThrowsArgumentException()
    {
        var key = _factory.GenerateCurve25519();
        Assert.Throws<ArgumentException>(() => key.Sign("x"u8, new byte[63]));
    }

    [Test]
    public void TryParsePublicKey_LongerThan74Bytes_UsesFirst74AndEmits74()
    {
        var bin = KeyVectors.KeyHex("C", "public_key_bin_hex");
        Assert.That(_factory.TryParsePublicKey([.. bin, 1, 2, 3], out var key), Is.True);
        Assert.That(key!.KeyBin.ToArray(), Is.EqualTo(bin));
    }

    [Test]
    public void ParsePrivateKey_LongerThan74Bytes_IgnoresTrailingBytes()
    {
        var bin = KeyVectors.KeyHex("B", "private_key_bin_hex");
        var key = _factory.ParsePrivateKey([.. bin, 9, 9]);
        Assert.That(key.KeyBin.ToArray(), Is.EqualTo(bin));
    }

    [Test]
    public void TryParsePublicKey_ShortLibNaClBin_IsFalse()
    {
        var bin = KeyVectors.KeyHex("A", "public_key_bin_hex");
        Assert.That(_factory.TryParsePublicKey(bin.AsSpan(0, 73), out _), Is.False);
    }

    [Test]
    public void GenerateCurve25519_TwoKeys_DifferAndRoundTripThroughBin()
    {
        var a = _factory.GenerateCurve25519();
        var b = _factory.Generate("curve25519");
        var reparsed = _factory.ParsePrivateKey(a.KeyBin);
        var signature = new byte[64];
        a.Sign("round trip"u8, signature);
        Assert.Multiple(() =>
        {
            Assert.That(a.PublicKey, Is.Not.EqualTo(b.PublicKey));
            Assert.That(a.KeyBin.Length, Is.EqualTo(74));
            Assert.That(a.PublicKey.KeyBin.Length, Is.EqualTo(74));
            Assert.That(reparsed.PublicKey, Is.EqualTo(a.PublicKey));
            Assert.That(reparsed.PublicKey.Verify(signature, "round trip"u8), Is.True);
        });
    }
}
