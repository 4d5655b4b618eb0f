using System.Text;
using Ipv8.Connectivity.Ladder;
using Ipv8.Connectivity.Pipes;
using Launcher.Catalog;
using Launcher.Cli;
using Launcher.Configuration;
using Launcher.Hosting;
using Launcher.Launching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Launcher.Connectivity.Tests;

/// <summary>Pipe handlers are catalog components found by protocol name: checked when the model is built, created through DI when a node starts.</summary>
[TestFixture]
public sealed class PipeHandlerCatalogTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private string _directory = "";

    [SetUp]
    public void SetUp() => _directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"launcher-handlers-{Guid.NewGuid():N}")).FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task Build_HandlerClassInScannedTypes_ResolvesByItsProtocolName()
    {
        var path = await WriteAsync("upper.yaml", LoopbackNodes.Yaml("connectivity:\n  methods: [direct]\n  handlers: [upper, echo]\n"));

        var model = ModelLoading.Configure(new LauncherModelBuilder(), path, null).AddTypes(typeof(UpperCasePipeHandler)).Build();

        Assert.Multiple(() =>
        {
            Assert.That(model.Catalog.Names(ComponentKind.PipeHandler), Is.EqualTo(new[] { "echo", "upper" }));
            Assert.That(model.Catalog.Resolve(ComponentKind.PipeHandler, "upper").Type, Is.EqualTo(typeof(UpperCasePipeHandler)));
        });
    }

    [Test]
    public async Task Build_HandlerNotInCatalog_RefusedWithSettingAndKnownNames()
    {
        var path = await WriteAsync("upper.yaml", LoopbackNodes.Yaml("connectivity:\n  handlers: [upper]\n"));

        var error = Assert.Throws<ConfigurationException>(() => ModelLoading.Configure(new LauncherModelBuilder(), path, null).Build())!;

        Assert.That(error.Message, Does.Contain("connectivity.handlers[0]").And.Contain("unknown pipe handler 'upper'").And.Contain("known: echo"));
    }

    [Test]
    public async Task Start_HandlerFromCatalog_CreatedWithServicesAndServesItsProtocol()
    {
        var path = await WriteAsync("upper.yaml", LoopbackNodes.Yaml("connectivity:\n  methods: [direct]\n  handlers: [upper]\n", extra: "instances: 2\n"));
        var collection = new ServiceCollection().AddSingleton(new UpperCaseSuffix("!"));
        ModelLoading.AddServices(collection, b => ModelLoading.Configure(b, path, null).AddTypes(typeof(UpperCasePipeHandler)), path, port: null, _ => NullLoggerFactory.Instance, peerCache: null);
        await using var services = collection.BuildServiceProvider();
        using var start = new CancellationTokenSource(StartTimeout);
        var nodes = services.GetRequiredService<ConnectivityNodes>();
        await services.GetRequiredService<IOverlayLauncherService>().StartAsync(start.Token);
        var first = await nodes.GetNodeAsync(0, start.Token);
        await nodes.GetNodeAsync(1, start.Token);

        var remote = await first.FindPeerAsync(LoopbackNodes.AddressOf(services, 1), TimeSpan.FromSeconds(20), start.Token);
        var result = await services.GetRequiredService<IConnector>().ConnectAsync(remote, "upper", start.Token);
        await using var pipe = result.Pipe;
        await pipe.SendAsync("hello"u8.ToArray(), start.Token);
        var reply = await pipe.ReceiveAsync(start.Token);

        Assert.That(reply is null ? null : Encoding.UTF8.GetString(reply), Is.EqualTo("HELLO!"));
    }

    [Test]
    public async Task Start_RegisteredInstanceWithoutAttribute_AcceptedByItsProtocol()
    {
        var path = await WriteAsync("registered.yaml", LoopbackNodes.Yaml("connectivity:\n  methods: [direct]\n  handlers: [registered]\n"));
        var collection = new ServiceCollection().AddSingleton<IPipeHandler>(new RegisteredPipeHandler());
        ModelLoading.AddServices(collection, b => ModelLoading.Configure(b, path, null), path, port: null, _ => NullLoggerFactory.Instance, peerCache: null);
        await using var services = collection.BuildServiceProvider();
        using var start = new CancellationTokenSource(StartTimeout);
        var nodes = services.GetRequiredService<ConnectivityNodes>();

        await services.GetRequiredService<IOverlayLauncherService>().StartAsync(start.Token);
        var node = await nodes.GetNodeAsync(0, start.Token);

        Assert.Multiple(() =>
        {
            Assert.That(node.Server.LocalEndPoint.Port, Is.GreaterThan(0));
            Assert.That(services.GetRequiredService<LauncherModel>().Catalog.Names(ComponentKind.PipeHandler), Does.Contain("registered"));
        });
    }

    [Test]
    public async Task Start_ClassServesAnotherProtocolThanItsAttribute_NodeFailsNamingTheClass()
    {
        var path = await WriteAsync("liar.yaml", LoopbackNodes.Yaml("connectivity:\n  methods: [direct]\n  handlers: [said]\n"));
        await using var services = ModelLoading.CreateProvider(b => ModelLoading.Configure(b, path, null).AddTypes(typeof(MismatchedPipeHandler)), path, port: null, _ => NullLoggerFactory.Instance);
        using var start = new CancellationTokenSource(StartTimeout);
        var nodes = services.GetRequiredService<ConnectivityNodes>();
        await services.GetRequiredService<IOverlayLauncherService>().StartAsync(start.Token);

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => nodes.GetNodeAsync(0, start.Token))!;

        Assert.That(error.Message, Does.Contain(nameof(MismatchedPipeHandler)).And.Contain("'said'").And.Contain("'served'"));
    }

    [Test]
    public void AddComponentKind_AnotherBaseTypeForPipeHandlers_Throws()
    {
        var builder = new LauncherModelBuilder().AddPipeHandlers().AddPipeHandlers();

        Assert.Throws<InvalidOperationException>(() => builder.AddComponentKind(ComponentKind.PipeHandler, typeof(IDisposable)));
    }

    private async Task<string> WriteAsync(string name, string yaml)
    {
        var path = Path.Combine(_directory, name);
        await File.WriteAllTextAsync(path, yaml);
        return path;
    }
}

/// <summary>A service a catalog handler takes through its constructor.</summary>
public sealed record UpperCaseSuffix(string Text);

/// <summary>Answers each message upper-cased, with the injected suffix.</summary>
[PipeProtocol("upper")]
public sealed class UpperCasePipeHandler(UpperCaseSuffix suffix) : IPipeHandler
{
    /// <inheritdoc/>
    public string Protocol => "upper";

    /// <inheritdoc/>
    public async Task HandleAsync(SecurePipe pipe, CancellationToken cancellationToken)
    {
        while (await pipe.ReceiveAsync(cancellationToken) is { } message)
            await pipe.SendAsync(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(message).ToUpperInvariant() + suffix.Text), cancellationToken);
    }
}

/// <summary>A handler an application registers as an instance, without the attribute.</summary>
public sealed class RegisteredPipeHandler : IPipeHandler
{
    /// <inheritdoc/>
    public string Protocol => "registered";

    /// <inheritdoc/>
    public Task HandleAsync(SecurePipe pipe, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>A handler whose attribute and instance disagree.</summary>
[PipeProtocol("said")]
public sealed class MismatchedPipeHandler : IPipeHandler
{
    /// <inheritdoc/>
    public string Protocol => "served";

    /// <inheritdoc/>
    public Task HandleAsync(SecurePipe pipe, CancellationToken cancellationToken) => Task.CompletedTask;
}
