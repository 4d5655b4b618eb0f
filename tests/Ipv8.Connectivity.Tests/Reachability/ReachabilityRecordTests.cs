using System.Net;
using Ipv8.Connectivity.Nat;
using Ipv8.Connectivity.Reachability;
using Ipv8.Keys;

namespace Ipv8.Connectivity.Tests.Reachability;

public class ReachabilityRecordTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly KeyFactory _keys = new();

    [Test]
    public void CreateThenTryDecode_ValidRecord_RoundTripsEveryField()
    {
        var key = _keys.GenerateCurve25519();
        var nat = new NatClass(NatMapping.AddressAndPortDependent, NatFiltering.AddressDependent, PortAllocation.Sequential, -3);
        var record = ReachabilityRecord.Create(key, [IPAddress.Loopback, IPAddress.IPv6Loopback], 4321, nat, Now, TimeSpan.FromHours(1));

        Assert.That(ReachabilityRecord.TryDecode(record.Encode(), _keys, Now.AddMinutes(10), out var decoded, out var error), Is.True, error);
        Assert.Multiple(() =>
        {
            Assert.That(decoded!.Key, Is.EqualTo(key.PublicKey));
            Assert.That(decoded.Addresses, Is.EqualTo(new[] { IPAddress.Loopback, IPAddress.IPv6Loopback }));
            Assert.That(decoded.TcpPort, Is.EqualTo(4321));
            Assert.That(decoded.Nat, Is.EqualTo(nat));
            Assert.That(decoded.IssuedAt, Is.EqualTo(Now));
            Assert.That(decoded.ExpiresAt, Is.EqualTo(Now.AddHours(1)));
        });
    }

    [Test]
    public void TryDecode_EcKeyRecord_Verifies()
    {
        var key = _keys.Generate("low");
        var record = ReachabilityRecord.Create(key, [IPAddress.Loopback], 1, NatClass.Unknown, Now, TimeSpan.FromMinutes(5));

        Assert.That(ReachabilityRecord.TryDecode(record.Encode(), _keys, Now, out _, out var error), Is.True, error);
    }

    [Test]
    public void TryDecode_Expired_IsRefused()
    {
        var record = ReachabilityRecord.Create(_keys.GenerateCurve25519(), [IPAddress.Loopback], 1, NatClass.Unknown, Now, TimeSpan.FromHours(1));

        Assert.That(ReachabilityRecord.TryDecode(record.Encode(), _keys, Now.AddHours(1), out _, out var error), Is.False);
        Assert.That(error, Does.Contain("expired"));
    }

    [Test]
    public void TryDecode_IssuedInTheFuture_IsRefused()
    {
        var record = ReachabilityRecord.Create(_keys.GenerateCurve25519(), [IPAddress.Loopback], 1, NatClass.Unknown, Now.AddHours(1), TimeSpan.FromHours(1));

        Assert.That(ReachabilityRecord.TryDecode(record.Encode(), _keys, Now, out _, out var error), Is.False);
        Assert.That(error, Does.Contain("future"));
    }

    [Test]
    public void TryDecode_ChangedPort_SignatureFails()
    {
        var record = ReachabilityRecord.Create(_keys.GenerateCurve25519(), [IPAddress.Loopback], 0x1234, NatClass.Unknown, Now, TimeSpan.FromHours(1));
        var bytes = record.Encode();
        var portOffset = 4 + 2 + 74 + 1 + 1 + 4;
        Assert.That(bytes[portOffset], Is.EqualTo(0x12), "test layout assumption");
        bytes[portOffset] = 0x99;

        Assert.That(ReachabilityRecord.TryDecode(bytes, _keys, Now, out _, out var error), Is.False);
        Assert.That(error, Does.Contain("signature"));
    }

    [Test]
    public void TryDecode_KeySwappedForAnother_SignatureFails()
    {
        // A forger puts its own key in someone else's record: the signature is the victim's, so it fails.
        var victim = ReachabilityRecord.Create(_keys.GenerateCurve25519(), [IPAddress.Loopback], 1, NatClass.Unknown, Now, TimeSpan.FromHours(1)).Encode();
        var forgerKey = _keys.GenerateCurve25519().PublicKey.KeyBin.ToArray();
        forgerKey.CopyTo(victim, 6);

        Assert.That(ReachabilityRecord.TryDecode(victim, _keys, Now, out _, out var error), Is.False);
        Assert.That(error, Does.Contain("signature"));
    }

    [Test]
    public void TryDecode_EveryTruncationAndTrailingByte_IsRefusedWithoutThrowing()
    {
        var bytes = ReachabilityRecord.Create(_keys.GenerateCurve25519(), [IPAddress.Loopback], 1, NatClass.Unknown, Now, TimeSpan.FromHours(1)).Encode();
        for (var length = 0; length < bytes.Length; length++)
            Assert.That(ReachabilityRecord.TryDecode(bytes.AsSpan(0, length), _keys, Now, out _, out _), Is.False, $"length {length}");

        var longer = bytes.Append((byte)0).ToArray();
        Assert.That(ReachabilityRecord.TryDecode(longer, _keys, Now, out _, out var error), Is.False);
        Assert.That(error, Does.Contain("trailing"));
    }

    [Test]
    public void TryDecode_RandomMutations_NeverAcceptedNeverThrow()
    {
        var bytes = ReachabilityRecord.Create(_keys.GenerateCurve25519(), [IPAddress.Loopback], 1, NatClass.Unknown, Now, TimeSpan.FromHours(1)).Encode();
        var random = new Random(11);
        for (var i = 0; i < 3000; i++)
        {
            var mutated = (byte[])bytes.Clone();
            mutated[random.Next(mutated.Length)] ^= (byte)random.Next(1, 256);
            Assert.That(ReachabilityRecord.TryDecode(mutated, _keys, Now, out _, out _), Is.False);
        }
    }

    [Test]
    public void Create_TooLongLifetime_Throws()
    {
        Assert.Throws<ArgumentException>(() =>
            ReachabilityRecord.Create(_keys.GenerateCurve25519(), [IPAddress.Loopback], 1, NatClass.Unknown, Now, TimeSpan.FromDays(8)));
    }
}
