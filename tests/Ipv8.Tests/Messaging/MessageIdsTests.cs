using Ipv8.Messaging;

namespace Ipv8.Tests.Messaging;

public sealed class MessageIdsTests
{
    private static readonly int[] DeprecatedIds = [235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 247, 248, 251, 252, 253, 254, 255];

    [Test]
    public void IsDeprecated_ExactlyTheDispersyLeftovers()
    {
        var deprecated = Enumerable.Range(0, 256).Where(id => MessageIds.IsDeprecated((byte)id));
        Assert.That(deprecated, Is.EqualTo(DeprecatedIds));
    }

    [TestCase(MessageIds.Reserved255, "reserved-255")]
    [TestCase(MessageIds.OnMissingSequence, "on-missing-sequence")]
    [TestCase(MessageIds.SignatureResponse, "signature-response")]
    [TestCase(MessageIds.OnIdentity, "on-identity")]
    [TestCase(MessageIds.DestroyCommunity, "destroy-community")]
    [TestCase(MessageIds.MissingLastMessage, "missing-last-message")]
    public void GetDeprecatedName_DeprecatedId_IsPyIpv8Name(byte id, string name)
    {
        Assert.That(MessageIds.GetDeprecatedName(id), Is.EqualTo(name));
    }

    [Test]
    public void Ids_MatchSpecTable()
    {
        Assert.Multiple(() =>
        {
            Assert.That(MessageIds.IntroductionRequest, Is.EqualTo(0xF6));
            Assert.That(MessageIds.IntroductionResponse, Is.EqualTo(0xF5));
            Assert.That(MessageIds.PunctureRequest, Is.EqualTo(0xFA));
            Assert.That(MessageIds.Puncture, Is.EqualTo(0xF9));
            Assert.That(MessageIds.NewIntroductionRequest, Is.EqualTo(0xEA));
            Assert.That(MessageIds.NewIntroductionResponse, Is.EqualTo(0xE9));
            Assert.That(MessageIds.NewPunctureRequest, Is.EqualTo(0xE8));
            Assert.That(MessageIds.NewPuncture, Is.EqualTo(0xE7));
            Assert.That(MessageIds.GetName(MessageIds.Puncture), Is.EqualTo("puncture"));
            Assert.That(MessageIds.GetName(42), Is.Null);
            Assert.That(MessageIds.IsReserved(230), Is.False);
            Assert.That(MessageIds.IsReserved(231), Is.True);
        });
    }
}
