using System.Net;
using System.Text;
using Ipv8.Connectivity.Ladder;
using Ipv8.Connectivity.Nat;
using Ipv8.Connectivity.Pipes;
using Ipv8.Connectivity.Reachability;
using Ipv8.Keys;

namespace Ipv8.Connectivity.Tests.Ladder;

public class ConnectorTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);
    private readonly KeyFactory _keys = new();
    private readonly InMemorySignallingHub _hub = new();

    private static ConnectorOptions Options(params string[] methods) => new()
    {
        Methods = methods.Length == 0 ? [DirectRung.MethodName, ReverseRung.MethodName, HolePunchRung.MethodName] : methods,
        DefaultBudget = TimeSpan.FromSeconds(5),
        PunchLead = TimeSpan.FromMilliseconds(100),
    };

    [Test]
    public async Task ConnectAsync_PeerPortOpen_DirectWinsAndEchoes()
    {
        await using var a = new TestNode(_keys, _hub, Options());
        await using var b = new TestNode(_keys, _hub, Options());

        var result = await a.Connector.ConnectAsync(b.Record, EchoPipeHandler.Name, CancellationToken.None).WaitAsync(TestTimeout);
        await using var pipe = result.Pipe;

        Assert.Multiple(() =>
        {
            Assert.That(result.Method, Is.EqualTo(DirectRung.MethodName));
            Assert.That(result.Attempts.Select(x => x.Method), Is.EqualTo(new[] { DirectRung.MethodName }));
        });
        Assert.That(await EchoAsync(pipe, "direct"), Is.EqualTo("direct"));
    }

    [Test]
    public async Task ConnectAsync_PeerPortClosed_ReverseWinsAfterDirectFails()
    {
        await using var a = new TestNode(_keys, _hub, Options());
        await using var b = new TestNode(_keys, _hub, Options(), announceClosedPort: true);

        var result = await a.Connector.ConnectAsync(b.Record, EchoPipeHandler.Name, CancellationToken.None).WaitAsync(TestTimeout);
        await using var pipe = result.Pipe;

        Assert.Multiple(() =>
        {
            Assert.That(result.Method, Is.EqualTo(ReverseRung.MethodName));
            Assert.That(result.Attempts, Has.Count.EqualTo(2));
            Assert.That(result.Attempts[0].Method, Is.EqualTo(DirectRung.MethodName));
            Assert.That(result.Attempts[0].Result, Does.Contain("ConnectionRefused"));
            Assert.That(result.Attempts[1].Succeeded, Is.True);
            Assert.That(pipe.RemoteKey, Is.EqualTo(b.Key.PublicKey));
            Assert.That(pipe.IsInitiator, Is.False, "the peer dialled us");
        });
        Assert.That(await EchoAsync(pipe, "reverse"), Is.EqualTo("reverse"));
    }

    [Test]
    public async Task ConnectAsync_TcpPunchOnly_PunchWinsOnLoopback()
    {
        await using var a = new TestNode(_keys, _hub, Options(HolePunchRung.MethodName));
        await using var b = new TestNode(_keys, _hub, Options(HolePunchRung.MethodName), announceClosedPort: true);

        var result = await a.Connector.ConnectAsync(b.Record, EchoPipeHandler.Name, CancellationToken.None).WaitAsync(TestTimeout);
        await using var pipe = result.Pipe;

        Assert.That(result.Method, Is.EqualTo(HolePunchRung.MethodName));
        Assert.That(await EchoAsync(pipe, "punched"), Is.EqualTo("punched"));
    }

    [Test]
    public async Task ConnectAsync_NothingWorks_FailsNamingEveryRungAndReason()
    {
        await using var a = new TestNode(_keys, _hub, Options(DirectRung.MethodName, ReverseRung.MethodName));
        await using var b = new TestNode(_keys, _hub, Options(), announceClosedPort: true, joinSignalling: false);

        var error = Assert.ThrowsAsync<ConnectionFailedException>(() => a.Connector.ConnectAsync(b.Record, EchoPipeHandler.Name, CancellationToken.None).WaitAsync(TestTimeout));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Attempts.Select(x => x.Method), Is.EqualTo(new[] { DirectRung.MethodName, ReverseRung.MethodName }));
            Assert.That(error.Attempts[0].Result, Does.Contain("ConnectionRefused"));
            Assert.That(error.Attempts[1].Result, Does.Contain("not reachable through the signalling channel"));
        });
    }

    [Test]
    public async Task ConnectAsync_ServerAtRecordPortHasAnotherKey_DirectFailsWithWrongKey()
    {
        await using var a = new TestNode(_keys, _hub, Options(DirectRung.MethodName));
        await using var b = new TestNode(_keys, _hub, Options());
        await using var impostor = new TestNode(_keys, _hub, Options());
        var forgedTarget = ReachabilityRecord.Create(b.Key, [IPAddress.Loopback], impostor.Server.LocalEndPoint.Port, NatClass.Unknown, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));

        var error = Assert.ThrowsAsync<ConnectionFailedException>(() => a.Connector.ConnectAsync(forgedTarget, EchoPipeHandler.Name, CancellationToken.None).WaitAsync(TestTimeout));

        Assert.That(error!.Attempts[0].Result, Does.Contain("WrongKey"));
    }

    [Test]
    public async Task Signal_ReverseRequestCarryingAThirdPartysRecord_IsRefused()
    {
        await using var attacker = new TestNode(_keys, _hub, Options());
        await using var victim = new TestNode(_keys, _hub, Options());
        await using var target = new TestNode(_keys, _hub, Options());
        var channel = _hub.ChannelFor(attacker.Key.PublicKey);

        // The attacker asks the victim to "connect back" to the target's record: the victim must refuse.
        var reply = await channel.RequestAsync(victim.Key.PublicKey,
            new SignalRequest(SignalKind.Reverse, EchoPipeHandler.Name, new byte[16], target.Record.Encode(), [], default), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(reply.Accepted, Is.False);
            Assert.That(reply.Reason, Does.Contain("another key"));
            Assert.That(victim.Connector.SignalsRefused, Is.EqualTo(1));
            Assert.That(target.Server.Counters[PipeServerCounter.Accepted] + target.Server.Counters[PipeServerCounter.RefusedProtocol], Is.Zero);
        });
    }

    [Test]
    public async Task Signal_PunchTowardAddressOutsideRecord_IsRefused()
    {
        await using var requester = new TestNode(_keys, _hub, Options());
        await using var peer = new TestNode(_keys, _hub, Options());
        var channel = _hub.ChannelFor(requester.Key.PublicKey);

        var reply = await channel.RequestAsync(peer.Key.PublicKey,
            new SignalRequest(SignalKind.Punch, EchoPipeHandler.Name, [], requester.Record.Encode(), [new IPEndPoint(IPAddress.Parse("127.0.0.2"), 9)], DateTimeOffset.UtcNow), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(reply.Accepted, Is.False);
            Assert.That(reply.Reason, Does.Contain("outside the requester's record"));
        });
    }

    [Test]
    public async Task Signal_RecordListsAnAddressTheRequestDidNotComeFrom_IsRefusedAsThirdParty()
    {
        await using var requester = new TestNode(_keys, _hub, Options());
        await using var peer = new TestNode(_keys, _hub, Options());
        var channel = _hub.ChannelFor(requester.Key.PublicKey);

        // The channel saw the request come from 127.0.0.9; the record lists only 127.0.0.1: a connect-back would hit someone else.
        var reply = await channel.RequestAsync(peer.Key.PublicKey,
            new SignalRequest(SignalKind.Reverse, EchoPipeHandler.Name, new byte[16], requester.Record.Encode(), [], default) { ObservedAddress = IPAddress.Parse("127.0.0.9") }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(reply.Accepted, Is.False);
            Assert.That(reply.Reason, Does.Contain("third-party"));
            Assert.That(peer.Connector.SignalsRefused, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ConnectAsync_BothNatsAllocateRandomPorts_PunchFailsAtOnceSayingWhy()
    {
        var symmetric = new NatClass(NatMapping.AddressAndPortDependent, NatFiltering.AddressAndPortDependent, PortAllocation.Random, 0);
        await using var a = new TestNode(_keys, _hub, Options(HolePunchRung.MethodName), nat: symmetric);
        await using var b = new TestNode(_keys, _hub, Options(HolePunchRung.MethodName), nat: symmetric);

        var error = Assert.ThrowsAsync<ConnectionFailedException>(() => a.Connector.ConnectAsync(b.Record, EchoPipeHandler.Name, CancellationToken.None).WaitAsync(TestTimeout));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Attempts, Has.Count.EqualTo(1));
            Assert.That(error.Attempts[0].Result, Does.Contain("random port"));
            Assert.That(b.Connector.SignalsRefused + b.Server.Counters[PipeServerCounter.Accepted], Is.Zero, "no signalling was even sent");
        });
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task ConnectAsync_RandomPortsAgainstPortFiltering_PunchFailsAtOnceSayingWhy(bool requesterIsRandom)
    {
        var symmetric = new NatClass(NatMapping.AddressAndPortDependent, NatFiltering.AddressAndPortDependent, PortAllocation.Random, 0);
        var portRestricted = new NatClass(NatMapping.EndpointIndependent, NatFiltering.AddressAndPortDependent, PortAllocation.Preserving, 0);
        await using var a = new TestNode(_keys, _hub, Options(HolePunchRung.MethodName), nat: requesterIsRandom ? symmetric : portRestricted);
        await using var b = new TestNode(_keys, _hub, Options(HolePunchRung.MethodName), nat: requesterIsRandom ? portRestricted : symmetric);

        var error = Assert.ThrowsAsync<ConnectionFailedException>(() => a.Connector.ConnectAsync(b.Record, EchoPipeHandler.Name, CancellationToken.None).WaitAsync(TestTimeout));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Attempts[0].Result, Does.Contain("allocates ports at random").And.Contain("filters by address and port"));
            Assert.That(b.Connector.SignalsRefused + b.Server.Counters[PipeServerCounter.Accepted], Is.Zero, "no signalling was even sent");
        });
    }

    [Test]
    public void CannotMeet_RandomPortsAgainstAddressFilteringOrUnknown_MayMeet()
    {
        var symmetric = new NatClass(NatMapping.AddressAndPortDependent, NatFiltering.AddressAndPortDependent, PortAllocation.Random, 0);
        var restricted = new NatClass(NatMapping.EndpointIndependent, NatFiltering.AddressDependent, PortAllocation.Preserving, 0);
        var unknown = new NatClass(NatMapping.EndpointIndependent, NatFiltering.Unknown, PortAllocation.Preserving, 0);

        Assert.Multiple(() =>
        {
            Assert.That(HolePunchRung.CannotMeet(symmetric, restricted), Is.Null);
            Assert.That(HolePunchRung.CannotMeet(unknown, symmetric), Is.Null);
            Assert.That(HolePunchRung.CannotMeet(restricted, unknown), Is.Null);
        });
    }

    [Test]
    public async Task Signal_GarbageRecordOrUnknownProtocol_IsRefused()
    {
        await using var requester = new TestNode(_keys, _hub, Options());
        await using var peer = new TestNode(_keys, _hub, Options());
        var channel = _hub.ChannelFor(requester.Key.PublicKey);

        var garbage = await channel.RequestAsync(peer.Key.PublicKey, new SignalRequest(SignalKind.Reverse, EchoPipeHandler.Name, new byte[16], [1, 2, 3], [], default), CancellationToken.None);
        var unknown = await channel.RequestAsync(peer.Key.PublicKey, new SignalRequest(SignalKind.Reverse, "nope", new byte[16], requester.Record.Encode(), [], default), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(garbage.Reason, Does.Contain("invalid reachability record"));
            Assert.That(unknown.Reason, Does.Contain("no handler"));
            Assert.That(peer.Connector.SignalsRefused, Is.EqualTo(2));
        });
    }

    private static async Task<string> EchoAsync(SecurePipe pipe, string text)
    {
        await pipe.SendAsync(Encoding.UTF8.GetBytes(text));
        var reply = await pipe.ReceiveAsync().AsTask().WaitAsync(TestTimeout);
        return Encoding.UTF8.GetString(reply!);
    }
}
