using System.Text.Json;
using Ipv8.Connectivity.Ladder;
using Microsoft.Extensions.DependencyInjection;

namespace Launcher.Connectivity.Tests;

/// <summary><c>launcher connect</c> against a node run from a file on loopback: by address and by mid, the echo reply, the one JSON line; IConnector from DI.</summary>
[TestFixture]
[NonParallelizable]
public sealed class ConnectCommandTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private string _directory = "";

    [SetUp]
    public void SetUp() => _directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"launcher-connect-{Guid.NewGuid():N}")).FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task Connect_ToAddress_PrintsEchoLineAndExitsZero()
    {
        var served = await WriteAsync("served.yaml", LoopbackNodes.Yaml("connectivity:\n  methods: [direct, reverse]\n  handlers: [echo]\n"));
        var client = await WriteAsync("client.yaml", LoopbackNodes.Yaml("connectivity:\n  methods: [direct, reverse]\n"));
        using var start = new CancellationTokenSource(StartTimeout);
        await using var node = await LoopbackNodes.StartAsync(served, start.Token);
        var expectedMid = (await node.GetRequiredService<ConnectivityNodes>().GetNodeAsync(0, start.Token)).Record.Key.MidHex;

        var (code, line) = await LoopbackNodes.ConnectAsync(client, LoopbackNodes.AddressOf(node), "hello over a pipe");

        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, line);
            Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "to", "method", "elapsed_ms", "reply", "attempts" }));
            Assert.That(root.GetProperty("to").GetString(), Is.EqualTo(expectedMid));
            Assert.That(root.GetProperty("method").GetString(), Is.EqualTo("direct"));
            Assert.That(root.GetProperty("reply").GetString(), Is.EqualTo("hello over a pipe"));
            Assert.That(root.GetProperty("elapsed_ms").GetInt64(), Is.GreaterThanOrEqualTo(0));
            Assert.That(root.GetProperty("attempts").EnumerateArray().Select(a => (a.GetProperty("method").GetString(), a.GetProperty("result").GetString())),
                Is.EqualTo(new[] { ("direct", "ok") }));
        });
    }

    [Test]
    public async Task Connect_ToMidWithReverseFirst_ReverseWins()
    {
        var tracker = LoopbackNodes.FreeUdpPort();
        var served = await WriteAsync("served.yaml", LoopbackNodes.Yaml("connectivity:\n  methods: [direct]\n", tracker, $"tracker: {{ address: 127.0.0.1, port: {tracker} }}\n"));
        var client = await WriteAsync("client.yaml", LoopbackNodes.Yaml("connectivity:\n  methods: [reverse, direct]\n  budgets: { reverse: 5, direct: 5 }\n", tracker));
        using var start = new CancellationTokenSource(StartTimeout);
        await using var node = await LoopbackNodes.StartAsync(served, start.Token);
        var mid = (await node.GetRequiredService<ConnectivityNodes>().GetNodeAsync(0, start.Token)).Record.Key.MidHex;

        var (code, line) = await LoopbackNodes.ConnectAsync(client, mid, "found by mid");

        using var json = JsonDocument.Parse(line);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, line);
            Assert.That(json.RootElement.GetProperty("to").GetString(), Is.EqualTo(mid));
            Assert.That(json.RootElement.GetProperty("method").GetString(), Is.EqualTo("reverse"));
            Assert.That(json.RootElement.GetProperty("reply").GetString(), Is.EqualTo("found by mid"));
        });
    }

    [Test]
    public async Task Connect_NoNodeAtAddress_PrintsLineAndExitsOne()
    {
        var client = await WriteAsync("client.yaml", LoopbackNodes.Yaml("connectivity:\n  methods: [direct]\n"));

        var (code, line) = await LoopbackNodes.ConnectAsync(client, $"127.0.0.1:{LoopbackNodes.FreeUdpPort()}", "anyone?", timeout: "2s");

        using var json = JsonDocument.Parse(line);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1), line);
            Assert.That(json.RootElement.GetProperty("reply").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public async Task Connect_MethodsTheServerRefuses_ReportsEveryAttemptAndExitsOne()
    {
        // The served node listens but serves no protocol: the direct handshake for echo is refused, and so is the request to connect back.
        var served = await WriteAsync("served.yaml", LoopbackNodes.Yaml("connectivity:\n  methods: [direct]\n  handlers: []\n"));
        var client = await WriteAsync("client.yaml", LoopbackNodes.Yaml("connectivity:\n  methods: [direct, reverse]\n  budgets: { direct: 2, reverse: 2 }\n"));
        using var start = new CancellationTokenSource(StartTimeout);
        await using var node = await LoopbackNodes.StartAsync(served, start.Token);

        var (code, line) = await LoopbackNodes.ConnectAsync(client, LoopbackNodes.AddressOf(node), "refused");

        using var json = JsonDocument.Parse(line);
        var attempts = json.RootElement.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1), line);
            Assert.That(json.RootElement.GetProperty("method").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(attempts.Select(a => a.GetProperty("method").GetString()), Is.EqualTo(new[] { "direct", "reverse" }));
            Assert.That(attempts.Select(a => a.GetProperty("result").GetString()), Has.None.EqualTo("ok"));
        });
    }

    [Test]
    public async Task Services_TwoInstances_EachHasItsOwnNodeAndIConnectorIsInstanceZeros()
    {
        var path = await WriteAsync("two.yaml", LoopbackNodes.Yaml("connectivity:\n  methods: [direct]\n", extra: "instances: 2\n"));
        using var start = new CancellationTokenSource(StartTimeout);
        await using var services = await LoopbackNodes.StartAsync(path, start.Token);
        var nodes = services.GetRequiredService<ConnectivityNodes>();
        var first = await nodes.GetNodeAsync(0, start.Token);
        var second = await nodes.GetNodeAsync(1, start.Token);

        // Instance 0's IConnector reaches instance 1's server through the ladder, and the echo comes back.
        var remote = await first.FindPeerAsync(LoopbackNodes.AddressOf(services, 1), TimeSpan.FromSeconds(20), start.Token);
        var result = await services.GetRequiredService<IConnector>().ConnectAsync(remote, "echo", start.Token);
        await using var pipe = result.Pipe;
        await pipe.SendAsync("ping"u8.ToArray(), start.Token);
        var reply = await pipe.ReceiveAsync(start.Token);

        Assert.Multiple(() =>
        {
            Assert.That(second.Server.LocalEndPoint, Is.Not.EqualTo(first.Server.LocalEndPoint));
            Assert.That(second.Record.Key, Is.Not.EqualTo(first.Record.Key));
            Assert.That(remote.Key, Is.EqualTo(second.Record.Key));
            Assert.That(reply, Is.EqualTo("ping"u8.ToArray()));
        });
    }

    private async Task<string> WriteAsync(string name, string yaml)
    {
        var path = Path.Combine(_directory, name);
        await File.WriteAllTextAsync(path, yaml);
        return path;
    }
}
