using Ipv8.Keys;
using Ipv8.Peers;

namespace Ipv8.Tests.Peers;

public class MyPeerTests
{
    [Test]
    public void ClaimGlobalTime_ConcurrentClaims_AreUniqueAndConsecutive()
    {
        var me = new MyPeer(new TestPrivateKey(TestKey.Named("me")));
        var claimed = new ulong[4000];
        Parallel.For(0, claimed.Length, i => claimed[i] = me.ClaimGlobalTime());
        Assert.Multiple(() =>
        {
            Assert.That(claimed.Distinct().Count(), Is.EqualTo(claimed.Length));
            Assert.That(claimed.Min(), Is.EqualTo(1UL));
            Assert.That(claimed.Max(), Is.EqualTo((ulong)claimed.Length));
            Assert.That(me.GlobalTime, Is.EqualTo((ulong)claimed.Length));
        });
    }

    private sealed class TestPrivateKey(PublicKey publicKey) : PrivateKey
    {
        public override PublicKey PublicKey { get; } = publicKey;

        public override ReadOnlySpan<byte> KeyBin => [];

        public override void Sign(ReadOnlySpan<byte> data, Span<byte> signature) => signature.Clear();
    }
}
