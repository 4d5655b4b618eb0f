using Ipv8.Messaging;
using Launcher.Configuration;
using Launcher.Hosting;
using Launcher.Tests.Support;

namespace Launcher.Tests.Configuration;

/// <summary>An interface entry's <c>receive_workers</c>, <c>receive_buffer</c> and <c>receive_shards</c> (our extension): bound, checked by the schema, written back, and given to the socket.</summary>
public sealed class InterfaceReceiveSettingsTests
{
    private const string Entry = "interfaces:\n  - interface: UDPIPv4\n    ip: 127.0.0.1\n    port: 0\n";

    [Test]
    public async Task Create_DeclaredWorkersAndBuffer_ReachTheSocket()
    {
        var configuration = TestFiles.Load("node.yaml", Entry + "    receive_workers: 0\n    receive_buffer: 1048576\n");

        using var factory = new UdpEndpointFactory();
        await using var endpoint = (DispatcherEndpoint)factory.Create(configuration.Interfaces);
        var ipv4 = (UdpEndpoint)endpoint.IPv4!;

        Assert.Multiple(() =>
        {
            Assert.That(configuration.Interfaces.Single().ReceiveWorkers, Is.Zero);
            Assert.That(ipv4.Options.ReceiveWorkers, Is.Zero);
            Assert.That(ipv4.Options.ReceiveBufferSize, Is.EqualTo(1_048_576));
            Assert.That(ipv4.Options.ReceiveLoop, Is.SameAs(factory.ReceiveLoop), "received by the factory's loop");
        });
    }

    [Test]
    public async Task Create_NotDeclared_EndpointDefaults()
    {
        var configuration = TestFiles.Load("node.yaml", Entry);

        await using var endpoint = (DispatcherEndpoint)UdpEndpointFactory.CreateStandalone(configuration.Interfaces);
        var ipv4 = endpoint.IPv4 as UdpEndpoint;

        Assert.Multiple(() =>
        {
            Assert.That(configuration.Interfaces.Single().ReceiveWorkers, Is.Null);
            Assert.That(configuration.Interfaces.Single().ReceiveShards, Is.Null);
            Assert.That(ipv4, Is.Not.Null, "one socket unless shards are declared");
            Assert.That(ipv4!.Options.ReceiveWorkers, Is.EqualTo(UdpEndpointOptions.DefaultReceiveWorkers));
            Assert.That(ipv4.Options.ReceiveBufferSize, Is.EqualTo(UdpEndpointOptions.DefaultReceiveBufferSize));
            Assert.That(ipv4.Options.ReceiveLoop, Is.Null, "a standalone endpoint owns a private loop");
        });
    }

    [Test]
    public async Task Create_DeclaredShards_ReusePortEndpointWithThatManySockets()
    {
        var configuration = TestFiles.Load("node.yaml", Entry + "    receive_shards: 2\n    receive_buffer: 65536\n");

        using var factory = new UdpEndpointFactory();
        await using var endpoint = (DispatcherEndpoint)factory.Create(configuration.Interfaces);

        Assert.Multiple(() =>
        {
            Assert.That(configuration.Interfaces.Single().ReceiveShards, Is.EqualTo(2));
            Assert.That(endpoint.IPv4, Is.InstanceOf<ReusePortUdpEndpoint>());
            var sharded = (ReusePortUdpEndpoint)endpoint.IPv4!;
            Assert.That(sharded.ShardCount, Is.EqualTo(OperatingSystem.IsLinux() ? 2 : 1));
            Assert.That(sharded.Options.ReceiveBufferSize, Is.EqualTo(65_536));
        });
    }

    [TestCase("receive_workers: 65", "receive_workers")]
    [TestCase("receive_workers: -1", "receive_workers")]
    [TestCase("receive_buffer: 10", "receive_buffer")]
    [TestCase("receive_shards: 0", "receive_shards")]
    [TestCase("receive_shards: 65", "receive_shards")]
    [TestCase("receive_shards: two", "receive_shards")]
    public void Load_OutOfRange_FileLineAndSetting(string setting, string name)
    {
        TestFiles.LoadOrErrors("node.yaml", Entry + "    " + setting + "\n", out var errors);

        Assert.That(errors.Errors.Select(e => e.ToString()), Has.One.StartsWith("node.yaml:5:").And.One.Contains(name));
    }

    [Test]
    public void ToJson_DeclaredSettings_RoundTrip()
    {
        var configuration = TestFiles.Load("node.yaml", Entry + "    receive_workers: 2\n    receive_buffer: 65536\n    receive_shards: 3\n");

        var again = TestFiles.Load("again.json", ConfigurationWriter.ToJson(configuration));

        Assert.That(again.Interfaces.Single(), Is.EqualTo(configuration.Interfaces.Single()));
    }
}
