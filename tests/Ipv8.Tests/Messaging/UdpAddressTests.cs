using Ipv8.Messaging;

namespace Ipv8.Tests.Messaging;

public sealed class UdpAddressTests
{
    [TestCase("127.0.0.1:8090")]
    [TestCase("[::1]:8090")]
    [TestCase("[2001:db8::20]:6422")]
    public void Parse_RoundTrip_FormatsTheSameText(string text)
    {
        Assert.That(UdpAddress.Parse(text).ToString(), Is.EqualTo(text));
    }

    [Test]
    public void Equals_SameIpAndPort_AreEqualAndHashEqual()
    {
        var a = UdpAddress.Parse("192.0.2.1", 5);
        var b = UdpAddress.FromIPv4([192, 0, 2, 1], 5);
        Assert.Multiple(() =>
        {
            Assert.That(a, Is.EqualTo(b));
            Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
            Assert.That(a, Is.Not.EqualTo(b.WithPort(6)));
        });
    }

    [Test]
    public void Default_IsZeroAddress()
    {
        Assert.Multiple(() =>
        {
            Assert.That(default(UdpAddress).IsZero, Is.True);
            Assert.That(default(UdpAddress).ToString(), Is.EqualTo("0.0.0.0:0"));
        });
    }

    [Test]
    public void FromEndPoint_IPv4MappedIPv6_NormalisesToIPv4()
    {
        var mapped = new System.Net.IPEndPoint(System.Net.IPAddress.Parse("::ffff:127.0.0.1"), 9);
        Assert.That(UdpAddress.FromEndPoint(mapped), Is.EqualTo(UdpAddress.Parse("127.0.0.1:9")));
    }

    [TestCase("not an address")]
    [TestCase("127.0.0.1")]
    [TestCase("")]
    public void TryParse_Invalid_ReturnsFalse(string text)
    {
        Assert.That(UdpAddress.TryParse(text, out _), Is.False);
    }
}
