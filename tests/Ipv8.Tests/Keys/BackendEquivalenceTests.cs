using Ipv8.Keys;

namespace Ipv8.Tests.Keys;

public sealed class BackendEquivalenceTests
{
    [Test]
    public void Sign_RandomKeysAndMessages_LibsodiumAndManagedAgreeByteForByte()
    {
        var sodium = BackendCases.Create(SignatureBackendKind.Libsodium);
        var managed = BackendCases.Create(SignatureBackendKind.Managed);
        var random = new Random(25519);
        var seed = new byte[32];
        var secret = new byte[32];
        for (var i = 0; i < 40; i++)
        {
            random.NextBytes(seed);
            random.NextBytes(secret);
            var message = new byte[random.Next(0, 1500)];
            random.NextBytes(message);
            var sodiumKey = new byte[64];
            var managedKey = new byte[64];
            sodium.Ed25519ExpandSeed(seed, sodiumKey);
            managed.Ed25519ExpandSeed(seed, managedKey);
            var sodiumSig = new byte[64];
            var managedSig = new byte[64];
            sodium.Ed25519Sign(sodiumKey, message, sodiumSig);
            managed.Ed25519Sign(managedKey, message, managedSig);
            var sodiumX = new byte[32];
            var managedX = new byte[32];
            sodium.X25519PublicKeyFromSecret(secret, sodiumX);
            managed.X25519PublicKeyFromSecret(secret, managedX);
            Assert.Multiple(() =>
            {
                Assert.That(managedKey, Is.EqualTo(sodiumKey));
                Assert.That(managedSig, Is.EqualTo(sodiumSig));
                Assert.That(managedX, Is.EqualTo(sodiumX));
                Assert.That(managed.Ed25519Verify(sodiumSig, message, sodiumKey.AsSpan(32)), Is.True);
                Assert.That(sodium.Ed25519Verify(managedSig, message, managedKey.AsSpan(32)), Is.True);
            });
        }
    }

    [Test]
    public void Create_Auto_PicksLibsodiumWhenAvailableElseManaged()
    {
        var expected = SignatureBackendFactory.IsLibsodiumAvailable ? "libsodium" : "managed";
        Assert.That(SignatureBackendFactory.Create(SignatureBackendKind.Auto).Name, Is.EqualTo(expected));
    }

    [Test]
    public void Create_UndefinedKind_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SignatureBackendFactory.Create((SignatureBackendKind)42));
    }
}
