using Ipv8.Keys;

namespace Ipv8.Tests.Keys;

/// <summary>The NSec path is the hot path of every signed packet: sign and verify must not allocate.</summary>
public sealed class AllocationTests
{
    [Test]
    public void SignAndVerify_NSec_AllocateNothing()
    {
        var factory = new KeyFactory(BackendCases.Create(SignatureBackendKind.NSec));
        var key = factory.ParsePrivateKey(KeyVectors.KeyHex("A", "private_key_bin_hex"));
        Assert.That(factory.TryParsePublicKey(KeyVectors.KeyHex("A", "public_key_bin_hex"), out var publicKey), Is.True);
        var message = new byte[200];
        var signature = new byte[64];
        var valid = true;
        for (var i = 0; i < 3; i++)
        {
            key.Sign(message, signature);
            valid &= publicKey!.Verify(signature, message) && factory.TryParsePublicKey(publicKey.KeyBin, out _);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 50; i++)
        {
            message[0] = (byte)i;
            key.Sign(message, signature);
            valid &= publicKey!.Verify(signature, message) && factory.TryParsePublicKey(publicKey.KeyBin, out _);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Multiple(() =>
        {
            Assert.That(valid, Is.True);
            Assert.That(allocated, Is.Zero);
        });
    }
}
