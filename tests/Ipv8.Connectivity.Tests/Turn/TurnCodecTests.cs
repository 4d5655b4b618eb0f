using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ipv8.Connectivity.Stun;
using Ipv8.Connectivity.Turn;

namespace Ipv8.Connectivity.Tests.Turn;

public class TurnCodecTests
{
    private static readonly byte[] TransactionId = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

    [TestCase(false)]
    [TestCase(true)]
    public void Encode_WithIntegrity_VerifiesAndParsesWithFingerprint(bool sha256)
    {
        var key = TurnMessageCodec.LongTermKey("user", "realm"u8, "pass"u8, sha256);
        var bytes = TurnMessageCodec.Encode(TurnMethod.Allocate, TransactionId, [new StunAttribute(TurnAttributeType.Username, "user"u8.ToArray())], key, sha256);

        Assert.Multiple(() =>
        {
            Assert.That(StunMessage.TryParse(bytes, out var message, out var error), Is.True, error);
            Assert.That(message!.HadFingerprint, Is.True);
            Assert.That(TurnMessageCodec.TryVerifyIntegrity(bytes, key, out var integrityError), Is.True, integrityError);
        });
    }

    [Test]
    public void TryVerifyIntegrity_AlteredAttributeOrWrongKey_Fails()
    {
        var key = TurnMessageCodec.LongTermKey("user", "realm"u8, "pass"u8, sha256: false);
        var bytes = TurnMessageCodec.Encode(TurnMethod.Allocate, TransactionId, [new StunAttribute(TurnAttributeType.Username, "user"u8.ToArray())], key, sha256: false);
        var altered = (byte[])bytes.Clone();
        altered[24] ^= 1;

        Assert.Multiple(() =>
        {
            Assert.That(TurnMessageCodec.TryVerifyIntegrity(altered, key, out var error), Is.False);
            Assert.That(TurnMessageCodec.TryVerifyIntegrity(bytes, TurnMessageCodec.LongTermKey("user", "realm"u8, "other"u8, sha256: false), out error), Is.False);
            Assert.That(error, Does.Contain("does not match"));
        });
    }

    [Test]
    [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "Recomputes the MD5 key RFC 8489 §9.2.2 defines.")]
    public void LongTermKey_Md5_MatchesRfc8489Definition()
    {
        // RFC 8489 §9.2.2: key = MD5(username ":" OpaqueString(realm) ":" OpaqueString(password)).
        var expected = MD5.HashData(Encoding.UTF8.GetBytes("user:realm:pass"));
        Assert.That(TurnMessageCodec.LongTermKey("user", "realm"u8, "pass"u8, sha256: false), Is.EqualTo(expected));
    }

    [Test]
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "Recomputes the HMAC-SHA1 password coturn's use-auth-secret defines.")]
    public void SharedSecret_Resolve_FollowsCoturnRestScheme()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var credentials = TurnCredentials.SharedSecret("bob", "s3cret", TimeSpan.FromHours(1));

        var (username, password) = credentials.Resolve(now);

        var expected = Convert.ToBase64String(HMACSHA1.HashData("s3cret"u8, Encoding.UTF8.GetBytes(username)));
        Assert.Multiple(() =>
        {
            Assert.That(username, Is.EqualTo(string.Create(CultureInfo.InvariantCulture, $"{1_700_003_600}:bob")));
            Assert.That(Encoding.ASCII.GetString(password), Is.EqualTo(expected));
            Assert.That(credentials.ToString(), Does.Not.Contain("s3cret").And.Contain("bob").And.Contain("redacted"));
            Assert.That(TurnCredentials.LongTerm("bob", "hunter2").ToString(), Does.Not.Contain("hunter2"));
            Assert.That(new TurnServer(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 3478), credentials).ToString(), Does.Not.Contain("s3cret"));
        });
    }

    [Test]
    public void ChannelData_RoundTripAndBounds()
    {
        var frame = TurnChannelData.Encode(0x4001, "abcde"u8, pad: true);

        Assert.Multiple(() =>
        {
            Assert.That(frame, Has.Length.EqualTo(12));
            Assert.That(TurnChannelData.TryParse(frame, out var channel, out var data, out _), Is.True);
            Assert.That(channel, Is.EqualTo(0x4001));
            Assert.That(TurnChannelData.TryParse(frame.AsSpan(0, 6), out _, out _, out var truncated), Is.False);
            Assert.That(truncated, Does.Contain("declares 5 bytes"));
            Assert.That(TurnChannelData.TryParse([0x50, 0x00, 0x00, 0x00], out _, out _, out var range), Is.False);
            Assert.That(range, Does.Contain("outside"));
            Assert.That(TurnChannelData.TryParse([0x40, 0x00], out _, out _, out _), Is.False);
            Assert.Throws<ArgumentOutOfRangeException>(() => TurnChannelData.Encode(0x3FFF, [], pad: false));
        });
    }
}
