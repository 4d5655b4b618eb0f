using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Ipv8.Connectivity.Ladder;
using Ipv8.Connectivity.Pipes;
using Ipv8.Connectivity.Turn;
using Ipv8.Keys;

namespace Ipv8.Connectivity.Tests.Turn;

/// <summary>The relay rung of the ladder through a real coturn on loopback (skipped when turnserver is not installed).</summary>
public class RelayLadderCoturnTests
{
    private const int MessageSize = 60 * 1024;
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);
    private readonly KeyFactory _keys = new();
    private readonly InMemorySignallingHub _hub = new();

    private static ConnectorOptions Options(params string[] methods) => new()
    {
        Methods = methods,
        DefaultBudget = TimeSpan.FromSeconds(10),
        PunchLead = TimeSpan.FromMilliseconds(100),
    };

    private static RelayRungOptions Relay(CoturnServer coturn, TurnCredentials? credentials = null) => new()
    {
        Servers = [new TurnServer(coturn.EndPoint, credentials ?? TurnCredentials.LongTerm(CoturnServer.User, CoturnServer.Password))],
    };

    [Test]
    public async Task ConnectAsync_RelayOnly_Exchanges10MegabytesCheckedBySha256()
    {
        await using var coturn = await CoturnServer.StartAsync();
        await using var a = new RelayNode(_keys, _hub, Options(RelayRung.MethodName), Relay(coturn));
        await using var b = new RelayNode(_keys, _hub, Options(RelayRung.MethodName), Relay(coturn));

        var result = await a.Connector.ConnectAsync(b.Record, HashSinkHandler.Name, CancellationToken.None).WaitAsync(TestTimeout);
        await using var pipe = result.Pipe;
        Assert.Multiple(() =>
        {
            Assert.That(result.Method, Is.EqualTo(RelayRung.MethodName));
            Assert.That(pipe.RemoteKey, Is.EqualTo(b.Key.PublicKey));
            Assert.That(pipe.IsInitiator, Is.True);
        });

        var data = RandomNumberGenerator.GetBytes(10 * 1024 * 1024);
        var watch = Stopwatch.StartNew();
        for (var offset = 0; offset < data.Length; offset += MessageSize)
            await pipe.SendAsync(data.AsMemory(offset, Math.Min(MessageSize, data.Length - offset)));
        await pipe.SendAsync(ReadOnlyMemory<byte>.Empty);
        var digest = await pipe.ReceiveAsync().AsTask().WaitAsync(TestTimeout);
        watch.Stop();

        Assert.That(digest, Is.EqualTo(SHA256.HashData(data)));
        await TestContext.Out.WriteLineAsync($"relay: connect {result.Elapsed.TotalMilliseconds:0} ms, 10 MiB + hash in {watch.ElapsedMilliseconds} ms ({data.Length / 1048576.0 / watch.Elapsed.TotalSeconds:0.0} MiB/s)");
    }

    [Test]
    public async Task ConnectAsync_DirectFailsThenRelay_RelayWinsAndDirectReasonIsReported()
    {
        await using var coturn = await CoturnServer.StartAsync();
        await using var a = new RelayNode(_keys, _hub, Options(DirectRung.MethodName, RelayRung.MethodName), Relay(coturn));
        await using var b = new RelayNode(_keys, _hub, Options(RelayRung.MethodName), Relay(coturn));

        var result = await a.Connector.ConnectAsync(b.Record, EchoPipeHandler.Name, CancellationToken.None).WaitAsync(TestTimeout);
        await using var pipe = result.Pipe;

        Assert.Multiple(() =>
        {
            Assert.That(result.Method, Is.EqualTo(RelayRung.MethodName));
            Assert.That(result.Attempts.Select(x => x.Method), Is.EqualTo(new[] { DirectRung.MethodName, RelayRung.MethodName }));
            Assert.That(result.Attempts[0].Result, Does.Contain("ConnectionRefused"));
        });
        await pipe.SendAsync("through the relay"u8.ToArray());
        Assert.That(await pipe.ReceiveAsync().AsTask().WaitAsync(TestTimeout), Is.EqualTo("through the relay"u8.ToArray()));
    }

    [Test]
    public async Task ConnectAsync_EarlierRungStillTrying_RelayStartsInParallelAfterRelayStartAfter()
    {
        await using var coturn = await CoturnServer.StartAsync();
        var options = new ConnectorOptions
        {
            Methods = [StallingRung.MethodName, RelayRung.MethodName],
            Budgets = new Dictionary<string, TimeSpan> { [StallingRung.MethodName] = TimeSpan.FromSeconds(40) },
            RelayStartAfter = TimeSpan.FromMilliseconds(200),
        };
        await using var a = new RelayNode(_keys, _hub, options, Relay(coturn), [new StallingRung()]);
        await using var b = new RelayNode(_keys, _hub, Options(RelayRung.MethodName), Relay(coturn));

        var result = await a.Connector.ConnectAsync(b.Record, EchoPipeHandler.Name, CancellationToken.None).WaitAsync(TestTimeout);
        await using var pipe = result.Pipe;

        // The stalling rung's 40 s budget is not waited for: the relay ran beside it and won.
        Assert.Multiple(() =>
        {
            Assert.That(result.Method, Is.EqualTo(RelayRung.MethodName));
            Assert.That(result.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)));
        });
    }

    [Test]
    public async Task ConnectAsync_WrongTurnPassword_FailsWithClearReasonAndNoSecretInLogs()
    {
        await using var coturn = await CoturnServer.StartAsync();
        const string wrong = "Wrong-Pass-0192";
        var logger = new CapturingLogger<TurnClient>();
        await using var a = new RelayNode(_keys, _hub, Options(RelayRung.MethodName), Relay(coturn, TurnCredentials.LongTerm(CoturnServer.User, wrong)), logger: logger);
        await using var b = new RelayNode(_keys, _hub, Options(RelayRung.MethodName), Relay(coturn));

        var error = Assert.ThrowsAsync<ConnectionFailedException>(async () => await a.Connector.ConnectAsync(b.Record, EchoPipeHandler.Name, CancellationToken.None).WaitAsync(TestTimeout));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Attempts, Has.Count.EqualTo(1));
            Assert.That(error.Attempts[0].Result, Does.Contain("refused the credentials").And.Contain("401"));
            Assert.That(error.Message, Does.Not.Contain(wrong));
            Assert.That(logger.All, Does.Contain("refused").And.Not.Contain(wrong));
        });
    }

    [Test]
    public async Task ConnectAsync_RelayKilledMidTransfer_PipeFailsPromptlyOnBothSides()
    {
        var coturn = await CoturnServer.StartAsync();
        try
        {
            await using var a = new RelayNode(_keys, _hub, Options(RelayRung.MethodName), Relay(coturn));
            await using var b = new RelayNode(_keys, _hub, Options(RelayRung.MethodName), Relay(coturn));
            var result = await a.Connector.ConnectAsync(b.Record, HashSinkHandler.Name, CancellationToken.None).WaitAsync(TestTimeout);
            await using var pipe = result.Pipe;

            var chunk = RandomNumberGenerator.GetBytes(MessageSize);
            var sender = Task.Run(async () =>
            {
                // Sends until the pipe fails; bounded so a pipe that never fails ends the test.
                for (var i = 0; i < 100_000; i++)
                    await pipe.SendAsync(chunk);
            });
            var watch = Stopwatch.StartNew();
            while (b.Sink.Received < 2 * 1024 * 1024)
            {
                Assert.That(watch.Elapsed, Is.LessThan(TestTimeout), "no data reached the peer");
                await Task.Delay(TimeSpan.FromMilliseconds(20));
            }

            coturn.Kill();
            var killed = Stopwatch.StartNew();
            var sendError = Assert.CatchAsync(async () => await sender.WaitAsync(TimeSpan.FromSeconds(10)));
            var receiverEnd = await b.Sink.Ended.Task.WaitAsync(TimeSpan.FromSeconds(10));
            killed.Stop();

            Assert.Multiple(() =>
            {
                Assert.That(sendError, Is.InstanceOf<IOException>().Or.InstanceOf<PipeException>(), sendError?.ToString());
                Assert.That(sendError!.Message, Does.Contain("relay").Or.Contain("reset").Or.Contain("Broken pipe").IgnoreCase);
                Assert.That(killed.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "the pipe failed promptly");
                Assert.That(b.Sink.Received, Is.LessThan(100_000L * MessageSize), "the transfer did not complete");
            });
            await TestContext.Out.WriteLineAsync($"after kill: sender failed and receiver ended within {killed.ElapsedMilliseconds} ms; sender: {sendError!.Message}; receiver: {receiverEnd?.Message ?? "closed"}");
        }
        finally
        {
            await coturn.DisposeAsync();
        }
    }

    [Test]
    public async Task HandleSignal_RelayAddressOnUntrustedHost_RefusedAndCounted()
    {
        // No coturn needed: the answering side must refuse before dialling anything.
        var trusted = new RelayRungOptions { AcceptedRelayAddresses = [IPAddress.Loopback] };
        await using var a = new RelayNode(_keys, _hub, Options(DirectRung.MethodName), trusted);
        await using var b = new RelayNode(_keys, _hub, Options(DirectRung.MethodName), trusted);
        var channel = _hub.ChannelFor(a.Key.PublicKey);

        var thirdParty = new SignalRequest(SignalKind.Relay, EchoPipeHandler.Name, [], a.Record.Encode(), [new IPEndPoint(IPAddress.Parse("127.0.0.2"), 9)], default);
        var reply = await channel.RequestAsync(b.Key.PublicKey, thirdParty, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(reply.Accepted, Is.False);
            Assert.That(reply.Reason, Does.Contain("not on a TURN server this node trusts"));
            Assert.That(b.Connector.SignalsRefused, Is.EqualTo(1));
        });
    }
}
