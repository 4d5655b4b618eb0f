using Ipv8.Messaging;

namespace Ipv8.Tests.Messaging;

public sealed class CommunityPrefixTests
{
    private static readonly byte[] Id = Convert.FromHexString("697076382d696e7465726f702d766563746f7273");

    [Test]
    public void Create_DefaultVersion_IsZeroTwoAndId()
    {
        var prefix = CommunityPrefix.Create(Id);
        Assert.Multiple(() =>
        {
            Assert.That(prefix.ToString(), Is.EqualTo("0002697076382d696e7465726f702d766563746f7273"));
            Assert.That(prefix.Version, Is.EqualTo(2));
            Assert.That(prefix.CommunityId.ToArray(), Is.EqualTo(Id));
            Assert.That(prefix, Is.EqualTo(CommunityPrefix.FromHex("697076382d696e7465726f702d766563746f7273")));
            Assert.That(prefix, Is.Not.EqualTo(CommunityPrefix.Create(Id, 3)));
        });
    }

    [TestCase(19)]
    [TestCase(21)]
    public void Create_IdNot20Bytes_ThrowsArgument(int length)
    {
        Assert.Throws<ArgumentException>(() => CommunityPrefix.Create(new byte[length]));
    }

    [Test]
    public void TryGetMessageId_MatchingAndForeignDatagrams()
    {
        var prefix = CommunityPrefix.Create(Id);
        var datagram = prefix.Bytes.ToArray().Append((byte)246).ToArray();
        var foreign = (byte[])datagram.Clone();
        foreign[5] ^= 1;
        Assert.Multiple(() =>
        {
            Assert.That(prefix.TryGetMessageId(datagram, out var id) && id == 246, Is.True);
            Assert.That(prefix.TryGetMessageId(foreign, out _), Is.False);
            Assert.That(prefix.TryGetMessageId(datagram.AsSpan(0, 22), out _), Is.False);
            Assert.That(CommunityPrefix.HasHeader(datagram), Is.True);
            Assert.That(CommunityPrefix.HasHeader(datagram.AsSpan(0, 22)), Is.False);
        });
    }
}
