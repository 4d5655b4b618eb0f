using Ipv8.Messaging;
using Launcher.Configuration;
using Launcher.Hosting;
using Launcher.Tests.Support;

namespace Launcher.Tests.Configuration;

/// <summary>An interface entry's <c>receive_workers</c> and <c>receive_buffer</c> (our extension): bound, checked by the schema, written back, and given to the socket.</summary>
public sealed class InterfaceReceiveSettingsTests
{
    private const string Entry = "interfaces:\n  - interface: UDPIPv4\n    ip: 127.0.0.1\n    port: 0\n";

    [Test]
    public async Task Create_DeclaredWorkersAndBuffer_ReachTheSocket()
    {
        var configuration = TestFiles.Load("node.yaml", Entry + "    receive_workers: 0\n    receive_buffer: 1048576\n");

        await using var endpoint = (DispatcherEndpoint)UdpEndpointFactory.Create(configuration.Interfaces);

        Assert.Multiple(() =>
        {
            Assert.That(configuration.Interfaces.Single().ReceiveWorkers, Is.Zero);
            Assert.That(endpoint.IPv4!.Options.ReceiveWorkers, Is.Zero);
            Assert.That(endpoint.IPv4!.Options.ReceiveBufferSize, Is.EqualTo(1_048_576));
        });
    }

    [Test]
    public async Task Create_NotDeclared_EndpointDefaults()
    {
        var configuration = TestFiles.Load("node.yaml", Entry);

        await using var endpoint = (DispatcherEndpoint)UdpEndpointFactory.Create(configuration.Interfaces);

        Assert.Multiple(() =>
        {
            Assert.That(configuration.Interfaces.Single().ReceiveWorkers, Is.Null);
            Assert.That(endpoint.IPv4!.Options.ReceiveWorkers, Is.EqualTo(UdpEndpointOptions.DefaultReceiveWorkers));
            Assert.That(endpoint.IPv4!.Options.ReceiveBufferSize, Is.EqualTo(UdpEndpointOptions.DefaultReceiveBufferSize));
        });
    }

    [TestCase("receive_workers: 65", "receive_workers")]
    [TestCase("receive_workers: -1", "receive_workers")]
    [TestCase("receive_buffer: 10", "receive_buffer")]
    public void Load_OutOfRange_FileLineAndSetting(string setting, string name)
    {
        TestFiles.LoadOrErrors("node.yaml", Entry + "    " + setting + "\n", out var errors);

        Assert.That(errors.Errors.Select(e => e.ToString()), Has.One.StartsWith("node.yaml:5:").And.One.Contains(name));
    }

    [Test]
    public void ToJson_DeclaredSettings_RoundTrip()
    {
        var configuration = TestFiles.Load("node.yaml", Entry + "    receive_workers: 2\n    receive_buffer: 65536\n");

        var again = TestFiles.Load("again.json", ConfigurationWriter.ToJson(configuration));

        Assert.That(again.Interfaces.Single(), Is.EqualTo(configuration.Interfaces.Single()));
    }
}
