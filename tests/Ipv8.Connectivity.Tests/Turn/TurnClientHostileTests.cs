using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Ipv8.Connectivity.Stun;
using Ipv8.Connectivity.Turn;

namespace Ipv8.Connectivity.Tests.Turn;

/// <summary>The TURN client against a hostile in-process server: every bad answer ends in a clear error or a counted drop.</summary>
public class TurnClientHostileTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(20);

    private static readonly TurnClientOptions Fast = new()
    {
        TransactionTimeout = TimeSpan.FromMilliseconds(800),
        InitialRetransmissionTimeout = TimeSpan.FromMilliseconds(100),
    };

    private static async Task<TurnException> AllocateFailsAsync(FakeTurnServer server, TurnClientOptions? options = null)
    {
        await using var client = await TurnClient.ConnectAsync(server.EndPoint, TurnTransportProtocol.Udp, FakeTurnServer.Credentials, options ?? Fast);
        var error = Assert.ThrowsAsync<TurnException>(async () => await client.AllocateAsync().WaitAsync(TestTimeout));
        return error!;
    }

    /// <summary>Challenges unauthenticated requests, answers authenticated ones with <paramref name="answer"/>.</summary>
    private static FakeTurnServer AfterChallenge(Func<StunMessage, byte[]> answer) =>
        new((request, _) => [FakeTurnServer.IsAuthenticated(request) ? answer(request) : FakeTurnServer.Challenge(request)]);

    [Test]
    public async Task AllocateAsync_SuccessSignedWithWrongKey_FailsIntegrityAndCounts()
    {
        await using var server = AfterChallenge(r => FakeTurnServer.AllocateSuccess(r, new byte[16]));
        await using var client = await TurnClient.ConnectAsync(server.EndPoint, TurnTransportProtocol.Udp, FakeTurnServer.Credentials, Fast);

        var error = Assert.ThrowsAsync<TurnException>(async () => await client.AllocateAsync().WaitAsync(TestTimeout));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Failure, Is.EqualTo(TurnFailure.Integrity));
            Assert.That(error.Message, Does.Contain("MESSAGE-INTEGRITY does not match"));
            Assert.That(client.Counters[TurnClientCounter.IntegrityFailures], Is.EqualTo(1));
            Assert.That(client.RelayedEndPoint, Is.Null);
        });
    }

    [Test]
    public async Task AllocateAsync_SuccessWithoutIntegrity_FailsIntegrity()
    {
        await using var server = AfterChallenge(r => FakeTurnServer.AllocateSuccess(r, key: null));

        var error = await AllocateFailsAsync(server);

        Assert.That(error.Failure, Is.EqualTo(TurnFailure.Integrity));
        Assert.That(error.Message, Does.Contain("no MESSAGE-INTEGRITY"));
    }

    [Test]
    public async Task AllocateAsync_UnauthenticatedSuccess_Refused()
    {
        await using var server = new FakeTurnServer((r, _) => [FakeTurnServer.AllocateSuccess(r, key: null)]);

        var error = await AllocateFailsAsync(server);

        Assert.That(error.Failure, Is.EqualTo(TurnFailure.Integrity));
    }

    [Test]
    public async Task AllocateAsync_GarbageOversizedForeignAndWrongTransaction_DroppedCountedThenTimeout()
    {
        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        stranger.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var server = new FakeTurnServer((request, raw) =>
        {
            var good = FakeTurnServer.Challenge(request);
            var badFingerprint = (byte[])good.Clone();
            badFingerprint[^1] ^= 0xFF;
            var overrun = (byte[])good.Clone();
            BinaryPrimitives.WriteUInt16BigEndian(overrun.AsSpan(22), 0x0400); // first attribute declares 1024 bytes
            var otherTransaction = (byte[])good.Clone();
            otherTransaction[10] ^= 0xFF;
            var fixedUp = new StunMessage(request.Type, request.TransactionId, []);
            return
            [
                new byte[10],
                new byte[1500],
                badFingerprint,
                overrun,
                otherTransaction,
                fixedUp.Encode(), // a request sent back: not a response
            ];
        });
        await using var client = await TurnClient.ConnectAsync(server.EndPoint, TurnTransportProtocol.Udp, FakeTurnServer.Credentials, Fast);

        var error = Assert.ThrowsAsync<TurnException>(async () => await client.AllocateAsync().WaitAsync(TestTimeout));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Failure, Is.EqualTo(TurnFailure.Timeout));
            Assert.That(error.Message, Does.Contain("no answer"));
            Assert.That(client.Counters[TurnClientCounter.MessagesDropped], Is.GreaterThanOrEqualTo(6), "every bad datagram is counted");
            Assert.That(client.Counters[TurnClientCounter.Retransmissions], Is.GreaterThanOrEqualTo(1));
        });
    }

    [Test]
    public async Task AllocateAsync_UnknownComprehensionRequiredAttribute_FailsMalformed()
    {
        await using var server = AfterChallenge(r => FakeTurnServer.AllocateSuccess(r, FakeTurnServer.Key(), extra: [new StunAttribute(0x7F01, new byte[4])]));

        var error = await AllocateFailsAsync(server);

        Assert.That(error.Failure, Is.EqualTo(TurnFailure.Malformed));
        Assert.That(error.Message, Does.Contain("unknown comprehension-required attribute 0x7f01"));
    }

    [Test]
    public async Task AllocateAsync_UnknownComprehensionOptionalAttribute_Accepted()
    {
        await using var server = AfterChallenge(r => FakeTurnServer.AllocateSuccess(r, FakeTurnServer.Key(), extra: [new StunAttribute(0xC0DE, new byte[3])]));
        await using var client = await TurnClient.ConnectAsync(server.EndPoint, TurnTransportProtocol.Udp, FakeTurnServer.Credentials, Fast);

        var relayed = await client.AllocateAsync().WaitAsync(TestTimeout);

        Assert.That(relayed, Is.EqualTo(new IPEndPoint(IPAddress.Loopback, 40000)));
    }

    [Test]
    public async Task AllocateAsync_StaleNonceForever_FailsWithinTheRetryBound()
    {
        await using var server = AfterChallenge(r => FakeTurnServer.Error(r,
            [FakeTurnServer.ErrorCode(438, "Stale Nonce"), new StunAttribute(TurnAttributeType.Nonce, Guid.NewGuid().ToByteArray())]));
        await using var client = await TurnClient.ConnectAsync(server.EndPoint, TurnTransportProtocol.Udp, FakeTurnServer.Credentials, Fast);

        var error = Assert.ThrowsAsync<TurnException>(async () => await client.AllocateAsync().WaitAsync(TestTimeout));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Failure, Is.EqualTo(TurnFailure.TooManyRetries));
            Assert.That(client.Counters[TurnClientCounter.StaleNonces], Is.EqualTo(Fast.MaxStaleNonceRetries + 1));
            Assert.That(server.Requests, Is.LessThanOrEqualTo(Fast.MaxStaleNonceRetries + 3));
        });
    }

    [Test]
    public async Task AllocateAsync_QuotaReached_FailsWithCodeAndReason()
    {
        await using var server = AfterChallenge(r => FakeTurnServer.Error(r, 486, "Allocation Quota Reached", FakeTurnServer.Key()));

        var error = await AllocateFailsAsync(server);

        Assert.Multiple(() =>
        {
            Assert.That(error.Failure, Is.EqualTo(TurnFailure.ErrorResponse));
            Assert.That(error.ErrorCode, Is.EqualTo(486));
            Assert.That(error.Message, Does.Contain("486 Allocation Quota Reached"));
        });
    }

    [Test]
    public async Task AllocateAsync_ErrorSignedWithWrongKey_FailsIntegrity()
    {
        await using var server = AfterChallenge(r => FakeTurnServer.Error(r, 486, "Allocation Quota Reached", new byte[16]));

        var error = await AllocateFailsAsync(server);

        Assert.That(error.Failure, Is.EqualTo(TurnFailure.Integrity));
    }

    [Test]
    public async Task AllocateAsync_ChallengeWithoutRealm_FailsUnauthorizedClearly()
    {
        await using var server = new FakeTurnServer((r, _) => [FakeTurnServer.Challenge(r, withRealm: false)]);

        var error = await AllocateFailsAsync(server);

        Assert.That(error.Failure, Is.EqualTo(TurnFailure.Unauthorized));
        Assert.That(error.Message, Does.Contain("no valid REALM"));
    }

    [Test]
    public async Task AllocateAsync_ErrorCodeOutOfRange_FailsMalformed()
    {
        await using var server = new FakeTurnServer((r, _) => [FakeTurnServer.Error(r, [new StunAttribute(TurnAttributeType.ErrorCode, new byte[] { 0, 0, 9, 200 })])]);

        var error = await AllocateFailsAsync(server);

        Assert.That(error.Failure, Is.EqualTo(TurnFailure.Malformed));
        Assert.That(error.Message, Does.Contain("out of range"));
    }

    [Test]
    public async Task AllocateAsync_SuccessWithoutRelayedAddress_FailsMalformed()
    {
        await using var server = AfterChallenge(r => TurnMessageCodec.Encode((ushort)(TurnMethod.Allocate | TurnMethod.SuccessClass), r.TransactionId, [], FakeTurnServer.Key(), sha256: false));

        var error = await AllocateFailsAsync(server);

        Assert.That(error.Failure, Is.EqualTo(TurnFailure.Malformed));
        Assert.That(error.Message, Does.Contain("XOR-RELAYED-ADDRESS"));
    }

    [Test]
    public async Task AllocateAsync_ServerOffersSha256_UsesMessageIntegritySha256BothWays()
    {
        var requestVerified = false;
        await using var server = new FakeTurnServer((request, raw) =>
        {
            if (!FakeTurnServer.IsAuthenticated(request))
                return [FakeTurnServer.Challenge(request, offerSha256: true)];
            requestVerified = request.Find(TurnAttributeType.MessageIntegritySha256) is not null
                && request.Find(TurnAttributeType.PasswordAlgorithm) is not null
                && TurnMessageCodec.TryVerifyIntegrity(raw, FakeTurnServer.Key(sha256: true), out _);
            return [FakeTurnServer.AllocateSuccess(request, FakeTurnServer.Key(sha256: true), sha256: true)];
        });
        await using var client = await TurnClient.ConnectAsync(server.EndPoint, TurnTransportProtocol.Udp, FakeTurnServer.Credentials, Fast);

        await client.AllocateAsync().WaitAsync(TestTimeout);

        Assert.That(requestVerified, Is.True, "the request carried a valid MESSAGE-INTEGRITY-SHA256 and PASSWORD-ALGORITHM");
    }

    [Test]
    public async Task AllocateAsync_MutatedAuthenticatedAnswers_NeverCrash()
    {
        var random = new Random(1234);
        var outcomes = new Dictionary<TurnFailure, int>();
        await using var server = AfterChallenge(r =>
        {
            var answer = FakeTurnServer.AllocateSuccess(r, FakeTurnServer.Key());
            lock (random)
            {
                // Flip bytes after the header, then repair FINGERPRINT so the mutation reaches the attribute parser.
                for (var i = 0; i < 3; i++)
                    answer[random.Next(20, answer.Length - 8)] ^= (byte)random.Next(1, 256);
            }

            BinaryPrimitives.WriteUInt32BigEndian(answer.AsSpan(answer.Length - 4), Crc32.Compute(answer.AsSpan(0, answer.Length - 8)) ^ 0x5354554E);
            return answer;
        });
        var options = new TurnClientOptions { TransactionTimeout = TimeSpan.FromMilliseconds(300), InitialRetransmissionTimeout = TimeSpan.FromMilliseconds(100) };
        for (var i = 0; i < 30; i++)
        {
            await using var client = await TurnClient.ConnectAsync(server.EndPoint, TurnTransportProtocol.Udp, FakeTurnServer.Credentials, options);
            try
            {
                await client.AllocateAsync().WaitAsync(TestTimeout);
            }
            catch (TurnException e)
            {
                outcomes[e.Failure] = outcomes.GetValueOrDefault(e.Failure) + 1;
            }
        }

        // Any other exception type would have failed the test; integrity must catch the altered answers.
        Assert.That(outcomes.Values.Sum(), Is.GreaterThanOrEqualTo(29), string.Join(", ", outcomes));
        Assert.That(outcomes.Keys, Does.Not.Contain(TurnFailure.ConnectionLost));
    }

    [Test]
    public async Task AllocateAsync_TcpServerDeclaresOversizedMessage_FailsWithClearError()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serve = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync();
            var request = new byte[StunMessage.MaxMessageLength];
            _ = await socket.ReceiveAsync(request, SocketFlags.None);
            await socket.SendAsync(new byte[] { 0x01, 0x13, 0xFF, 0xFC, 0x21, 0x12, 0xA4, 0x42 }, SocketFlags.None);
            await Task.Delay(TimeSpan.FromSeconds(5));
        });
        await using var client = await TurnClient.ConnectAsync((IPEndPoint)listener.LocalEndpoint, TurnTransportProtocol.Tcp, FakeTurnServer.Credentials, Fast);

        var error = Assert.ThrowsAsync<TurnException>(async () => await client.AllocateAsync().WaitAsync(TestTimeout));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Failure, Is.EqualTo(TurnFailure.ConnectionLost));
            Assert.That(client.Failure, Does.Contain("declaring 65532 body bytes"));
        });
    }
}
