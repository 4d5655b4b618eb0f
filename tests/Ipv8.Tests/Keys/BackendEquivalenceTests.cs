using Ipv8.Keys;

namespace Ipv8.Tests.Keys;

public sealed class BackendEquivalenceTests
{
    [Test]
    public void Sign_RandomKeysAndMessages_NSecAndManagedAgreeByteForByte()
    {
        var nsec = BackendCases.Create(SignatureBackendKind.NSec);
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
            var nsecKey = nsec.ImportEd25519SigningKey(seed);
            var managedKey = managed.ImportEd25519SigningKey(seed);
            var nsecSig = new byte[64];
            var managedSig = new byte[64];
            nsecKey.Sign(message, nsecSig);
            managedKey.Sign(message, managedSig);
            var nsecX = new byte[32];
            var managedX = new byte[32];
            nsec.X25519PublicKeyFromSecret(secret, nsecX);
            managed.X25519PublicKeyFromSecret(secret, managedX);
            Assert.Multiple(() =>
            {
                Assert.That(managedKey.PublicKey.ToArray(), Is.EqualTo(nsecKey.PublicKey.ToArray()));
                Assert.That(managedSig, Is.EqualTo(nsecSig));
                Assert.That(managedX, Is.EqualTo(nsecX));
                Assert.That(managed.ImportEd25519VerifyKey(nsecKey.PublicKey).Verify(nsecSig, message), Is.True);
                Assert.That(nsec.ImportEd25519VerifyKey(managedKey.PublicKey).Verify(managedSig, message), Is.True);
            });
        }
    }

    [Test]
    public void Create_Auto_PicksNSecWhereItLoads()
    {
        Assert.Multiple(() =>
        {
            // NSec brings libsodium in its own runtimes folder, so on the platforms this project runs on it always loads.
            Assert.That(SignatureBackendFactory.IsNSecAvailable, Is.True);
            Assert.That(SignatureBackendFactory.Create(SignatureBackendKind.Auto).Name, Is.EqualTo("nsec"));
        });
    }

    [Test]
    public void Create_UndefinedKind_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SignatureBackendFactory.Create((SignatureBackendKind)42));
    }
}
