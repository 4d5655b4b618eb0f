using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Ipv8.Connectivity.Turn;

namespace Ipv8.Connectivity.Tests.Turn;

/// <summary>The TURN client against a real coturn on loopback (skipped when turnserver is not installed).</summary>
public class TurnClientCoturnTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);

    private static TurnCredentials Alice => TurnCredentials.LongTerm(CoturnServer.User, CoturnServer.Password);

    [Test]
    public async Task AllocateAsync_TcpLongTermCredentials_PeerConnectionCarriesBytesBothWays()
    {
        await using var coturn = await CoturnServer.StartAsync();
        await using var client = await TurnClient.ConnectAsync(coturn.EndPoint, TurnTransportProtocol.Tcp, Alice);
        var relayed = await client.AllocateAsync().WaitAsync(TestTimeout);
        await client.CreatePermissionAsync(IPAddress.Loopback).WaitAsync(TestTimeout);

        Assert.Multiple(() =>
        {
            Assert.That(relayed.Address, Is.EqualTo(IPAddress.Loopback));
            Assert.That(relayed.Port, Is.Not.EqualTo(coturn.EndPoint.Port));
            Assert.That(client.Lifetime, Is.GreaterThan(TimeSpan.Zero));
            Assert.That(client.Counters[TurnClientCounter.Challenges], Is.EqualTo(1), "one 401 challenge, then authenticated");
        });

        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var accept = client.AcceptConnectionAsync([IPAddress.Loopback], ownsClient: false);
        await peer.ConnectAsync(relayed).WaitAsync(TestTimeout);
        await using var stream = await accept.WaitAsync(TestTimeout);

        await peer.SendAsync(Encoding.ASCII.GetBytes("from peer"));
        var buffer = new byte[9];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(TestTimeout);
        Assert.That(Encoding.ASCII.GetString(buffer), Is.EqualTo("from peer"));

        await stream.WriteAsync(Encoding.ASCII.GetBytes("to peer!!"));
        var back = new byte[9];
        var read = 0;
        while (read < back.Length)
            read += await peer.ReceiveAsync(back.AsMemory(read)).AsTask().WaitAsync(TestTimeout);
        Assert.That(Encoding.ASCII.GetString(back), Is.EqualTo("to peer!!"));
    }

    [Test]
    public async Task AllocateAsync_WrongPassword_FailsUnauthorizedAndNeverLogsThePassword()
    {
        await using var coturn = await CoturnServer.StartAsync();
        var logger = new CapturingLogger<TurnClient>();
        const string wrong = "not-the-Password-5521";
        var credentials = TurnCredentials.LongTerm(CoturnServer.User, wrong);
        await using var client = await TurnClient.ConnectAsync(coturn.EndPoint, TurnTransportProtocol.Tcp, credentials, logger: logger);

        var error = Assert.ThrowsAsync<TurnException>(async () => await client.AllocateAsync().WaitAsync(TestTimeout));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Failure, Is.EqualTo(TurnFailure.Unauthorized));
            Assert.That(error.ErrorCode, Is.EqualTo(401));
            Assert.That(error.Message, Does.Contain("refused the credentials").And.Contain(CoturnServer.User).And.Contain(CoturnServer.Realm));
            Assert.That(error.Message, Does.Not.Contain(wrong));
            Assert.That(credentials.ToString(), Does.Not.Contain(wrong).And.Contain("redacted"));
            Assert.That(logger.Lines, Is.Not.Empty);
            Assert.That(logger.All, Does.Not.Contain(wrong));
        });
    }

    [Test]
    public async Task AllocateAsync_SharedSecretCredentials_AllocatesAndNeverLogsTheSecret()
    {
        await using var coturn = await CoturnServer.StartAsync(longTermUser: false, sharedSecret: true);
        var logger = new CapturingLogger<TurnClient>();
        var credentials = TurnCredentials.SharedSecret("bob", CoturnServer.AuthSecret);
        await using var client = await TurnClient.ConnectAsync(coturn.EndPoint, TurnTransportProtocol.Tcp, credentials, logger: logger);

        var relayed = await client.AllocateAsync().WaitAsync(TestTimeout);

        Assert.Multiple(() =>
        {
            Assert.That(relayed.Address, Is.EqualTo(IPAddress.Loopback));
            Assert.That(logger.All, Does.Contain("bob").And.Not.Contain(CoturnServer.AuthSecret));
            Assert.That(credentials.ToString(), Does.Not.Contain(CoturnServer.AuthSecret));
        });
    }

    [Test]
    public async Task AllocateAsync_SharedSecretWrongSecret_FailsUnauthorized()
    {
        await using var coturn = await CoturnServer.StartAsync(longTermUser: false, sharedSecret: true);
        await using var client = await TurnClient.ConnectAsync(coturn.EndPoint, TurnTransportProtocol.Tcp, TurnCredentials.SharedSecret("bob", "wrong-secret"));

        var error = Assert.ThrowsAsync<TurnException>(async () => await client.AllocateAsync().WaitAsync(TestTimeout));

        Assert.That(error!.Failure, Is.EqualTo(TurnFailure.Unauthorized));
    }

    [Test]
    public async Task BindChannelAsync_TwoUdpAllocations_ExchangeChannelData()
    {
        await using var coturn = await CoturnServer.StartAsync();
        await using var a = await TurnClient.ConnectAsync(coturn.EndPoint, TurnTransportProtocol.Udp, Alice);
        await using var b = await TurnClient.ConnectAsync(coturn.EndPoint, TurnTransportProtocol.Udp, Alice);
        var relayedA = await a.AllocateAsync().WaitAsync(TestTimeout);
        var relayedB = await b.AllocateAsync().WaitAsync(TestTimeout);

        var channelA = await a.BindChannelAsync(relayedB).WaitAsync(TestTimeout);
        var channelB = await b.BindChannelAsync(relayedA).WaitAsync(TestTimeout);
        await a.SendToPeerAsync(relayedB, Encoding.ASCII.GetBytes("ping"));
        var atB = await b.ReceiveFromPeerAsync().AsTask().WaitAsync(TestTimeout);
        await b.SendToPeerAsync(relayedA, Encoding.ASCII.GetBytes("pong"));
        var atA = await a.ReceiveFromPeerAsync().AsTask().WaitAsync(TestTimeout);

        Assert.Multiple(() =>
        {
            Assert.That(channelA, Is.InRange(TurnChannelData.MinChannel, TurnChannelData.MaxChannel));
            Assert.That(channelB, Is.InRange(TurnChannelData.MinChannel, TurnChannelData.MaxChannel));
            Assert.That(Encoding.ASCII.GetString(atB.Data), Is.EqualTo("ping"));
            Assert.That(atB.Peer, Is.EqualTo(relayedA));
            Assert.That(Encoding.ASCII.GetString(atA.Data), Is.EqualTo("pong"));
            Assert.That(atA.Peer, Is.EqualTo(relayedB));
        });
    }

    [Test]
    public async Task RefreshLoop_ShortServerLifetime_RefreshesBeforeExpiryAndAllocationStaysUsable()
    {
        // coturn caps the lifetime at 4 s; the client refreshes at half of it, so two refreshes take about 4 s.
        await using var coturn = await CoturnServer.StartAsync(maxAllocateLifetime: TimeSpan.FromSeconds(4));
        await using var client = await TurnClient.ConnectAsync(coturn.EndPoint, TurnTransportProtocol.Tcp, Alice);
        await client.AllocateAsync().WaitAsync(TestTimeout);
        Assert.That(client.Lifetime, Is.EqualTo(TimeSpan.FromSeconds(4)), "coturn granted the capped lifetime");

        var watch = Stopwatch.StartNew();
        while (client.Counters[TurnClientCounter.Refreshes] < 3 && client.Failure is null)
        {
            Assert.That(watch.Elapsed, Is.LessThan(TestTimeout), "no refreshes");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        // Past the first lifetime (4 s) the allocation still answers authenticated requests.
        Assert.That(client.Failure, Is.Null);
        Assert.That(watch.Elapsed, Is.GreaterThan(TimeSpan.FromSeconds(4)));
        await client.CreatePermissionAsync(IPAddress.Loopback).WaitAsync(TestTimeout);
    }
}
