using System.Text;
using Ipv8.Keys;

namespace Ipv8.Tests.Keys;

public sealed class KeyFactoryTests
{
    private readonly KeyFactory _factory = new(SignatureBackendKind.Managed);

    [Test]
    public void TryParsePublicKey_RandomBytes_IsFalseWithoutThrowing()
    {
        var random = new Random(74);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            if (i % 3 == 0 && bytes.Length > 2)
                bytes[0] = 0x30; // looks like a DER sequence
            Assert.That(_factory.TryParsePublicKey(bytes, out var key), Is.False);
            Assert.That(key, Is.Null);
        }
    }

    [Test]
    public void TryParsePublicKey_TruncatedEcKeys_AreFalse()
    {
        var bin = KeyVectors.KeyHex("M2", "public_key_bin_hex");
        for (var length = 0; length < bin.Length; length++)
            Assert.That(_factory.TryParsePublicKey(bin.AsSpan(0, length), out _), Is.False, $"length {length}");
    }

    [Test]
    public void TryParsePublicKey_PrivateKeyMaterial_IsRefused()
    {
        var naclPrivate = KeyVectors.KeyHex("A", "private_key_bin_hex");
        var ecPrivate = KeyVectors.KeyHex("M2", "private_key_bin_hex");
        var pem = Encoding.ASCII.GetBytes("-----BEGIN EC PRIVATE KEY-----\n" + Convert.ToBase64String(ecPrivate) + "\n-----END EC PRIVATE KEY-----\n");
        Assert.Multiple(() =>
        {
            Assert.That(_factory.TryParsePublicKey(naclPrivate, out _), Is.False);
            Assert.That(_factory.TryParsePublicKey(ecPrivate, out _), Is.False);
            Assert.That(_factory.TryParsePublicKey(pem, out _), Is.False);
            Assert.Throws<KeyFormatException>(() => _factory.ParsePublicKey(naclPrivate));
        });
    }

    [Test]
    public void TryParsePublicKey_SameBinTwice_ReturnsCachedInstance()
    {
        var bin = KeyVectors.KeyHex("A", "public_key_bin_hex");
        Assert.That(_factory.TryParsePublicKey(bin, out var first), Is.True);
        Assert.That(_factory.TryParsePublicKey(bin.ToArray(), out var second), Is.True);
        Assert.That(second, Is.SameAs(first));
    }

    [Test]
    public void TryParsePublicKey_MoreKeysThanCacheSize_StaysBoundedAndCorrect()
    {
        var factory = new KeyFactory(SignatureBackendFactory.Create(SignatureBackendKind.Managed), publicKeyCacheSize: 8);
        var keys = Enumerable.Range(0, 30).Select(_ => factory.GenerateCurve25519().PublicKey).ToList();
        foreach (var key in keys)
        {
            Assert.That(factory.TryParsePublicKey(key.KeyBin, out var parsed), Is.True);
            Assert.That(parsed, Is.EqualTo(key));
            Assert.That(factory.CachedPublicKeyCount, Is.InRange(1, 8));
        }
    }

    [TestCase("")]
    [TestCase("00")]
    [TestCase("4c69624e61434c534b3a00")]
    [TestCase("3003020101")]
    [TestCase("2d2d2d2d2d4e4f5420504f4d")]
    public void ParsePrivateKey_Garbage_ThrowsKeyFormatException(string hex)
    {
        var ex = Assert.Throws<KeyFormatException>(() => _factory.ParsePrivateKey(Convert.FromHexString(hex)));
        Assert.That(ex!.Message, Is.Not.Empty);
    }

    [Test]
    public void ParsePrivateKey_RandomBytes_ThrowKeyFormatExceptionOnly()
    {
        var random = new Random(1);
        for (var i = 0; i < 500; i++)
        {
            var bytes = new byte[random.Next(1, 120)];
            random.NextBytes(bytes);
            bytes[0] = 0x30;
            Assert.Throws<KeyFormatException>(() => _factory.ParsePrivateKey(bytes));
        }
    }

    [Test]
    public void Generate_UnknownLevel_ThrowsArgumentExceptionListingLevels()
    {
        var ex = Assert.Throws<ArgumentException>(() => _factory.Generate("ultra"));
        Assert.That(ex!.Message, Does.Contain("curve25519").And.Contain("very-low"));
    }

    [Test]
    public void FromCurve25519Halves_WrongLength_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => _factory.FromCurve25519Halves(new byte[31], new byte[32]));
    }

    [Test]
    public void Constructor_Kind_UsesThatBackend()
    {
        Assert.That(new KeyFactory(SignatureBackendKind.Managed).Backend.Name, Is.EqualTo("managed"));
    }
}
