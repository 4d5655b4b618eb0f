using Ipv8.Simulation;
using Launcher.Catalog;
using Launcher.Configuration;
using Launcher.Hosting;
using Launcher.Launching;
using Launcher.Tests.Support;
using Launcher.Tests.Support.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Launcher.Tests.Hosting;

public sealed class OverlayLauncherServiceTests
{
    private static ServiceProvider Provider(HookJournal journal, Action<LauncherModelBuilder>? more = null, OverlayHostOptions? hostOptions = null)
    {
        var services = new ServiceCollection()
            .AddSingleton(journal)
            .AddOverlayLauncher(_ =>
            {
                var model = new LauncherModelBuilder(loadOptions: TestFiles.NoEnvironment)
                    .AddFile(TestFiles.Resource("hosted.yaml"))
                    .AddTypes(HostedComponents.Types)
                    .AddTypes(typeof(RecordingLauncher))
                    .UsePluginsDirectory(Path.Combine(TestContext.CurrentContext.WorkDirectory, "no-plugins"));
                more?.Invoke(model);
                return model;
            });
        if (hostOptions is not null)
        {
            services.AddSingleton(hostOptions);
        }

        return services.BuildServiceProvider();
    }

    [Test]
    public async Task AddOverlayLauncher_YamlOnLoopback_StartsOverlaysAndStops()
    {
        var journal = new HookJournal();
        await using var services = Provider(journal);
        var launcher = services.GetRequiredService<IOverlayLauncherService>();
        await launcher.StartAsync();

        var host = services.GetRequiredService<OverlayHost>();
        var chat = services.GetRequiredService<IOverlayRegistry>().Get<RecordingOverlay>("Chat");
        Assert.Multiple(() =>
        {
            Assert.That(launcher.IsRunning, Is.True);
            Assert.That(host, Is.SameAs(launcher.Host));
            Assert.That(host.Overlays.Select(o => o.Name), Is.EqualTo(new[] { "Recorded", "DiscoveryCommunity", "Chat" }));
            Assert.That(chat.Calls, Is.EqualTo(new[] { "greet hosted x1" }));
            Assert.That(host.Endpoint!.LocalAddress.ToString(), Does.StartWith("127.0.0.1:").And.Not.EndWith(":0"));
            Assert.That(journal.Entries, Does.Contain("Finalize 7 registered=True"), "the launcher got the application's HookJournal");
            Assert.That(services.GetRequiredService<ComponentCatalog>().TryResolve(ComponentKind.Overlay, "RecordingOverlay", out _), Is.True);
            Assert.That(services.GetRequiredService<LauncherModel>().Plan.Order, Has.Count.EqualTo(3));
        });

        await launcher.StopAsync();
        Assert.Multiple(() =>
        {
            Assert.That(launcher.IsRunning, Is.False);
            Assert.That(host.Endpoint, Is.Null);
            Assert.That(host.Overlays, Is.Empty);
            Assert.That(chat.IsUnloaded, Is.True);
        });
    }

    [Test]
    public async Task AddOverlayLauncher_SimulatedNetwork_TwoApplicationsWalkToEachOther()
    {
        var network = new SimulatedNetwork(new SimulatedNetworkOptions { Seed = 5 });
        var simulated = new OverlayHostOptions
        {
            EndpointFactory = _ => network.CreateEndpoint(),
            TimeProvider = network.Clock,
            RandomSeed = 11,
        };
        await using var first = Provider(new HookJournal(), hostOptions: simulated);
        await using var second = Provider(new HookJournal(), hostOptions: simulated);
        var a = first.GetRequiredService<IOverlayLauncherService>();
        var b = second.GetRequiredService<IOverlayLauncherService>();
        await a.StartAsync();
        await b.StartAsync();

        var chatA = first.GetRequiredService<IOverlayRegistry>().Get<RecordingOverlay>("Chat");
        var chatB = second.GetRequiredService<IOverlayRegistry>().Get<RecordingOverlay>("Chat");
        chatA.WalkTo(b.Host.Endpoint!.LocalAddress);
        network.Clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Multiple(() =>
        {
            Assert.That(chatA.GetPeers().Select(p => p.Address), Is.EqualTo(new[] { b.Host.Endpoint!.LocalAddress }));
            Assert.That(chatB.GetPeers().Select(p => p.Address), Is.EqualTo(new[] { a.Host.Endpoint!.LocalAddress }));
            Assert.That(a.Host.Overlays[1].Community, Is.TypeOf<Ipv8.Discovery.DiscoveryCommunity>());
        });
    }

    [Test]
    public async Task AddOverlayLauncher_InvalidConfiguration_StartThrowsAndNothingOpens()
    {
        await using var services = Provider(new HookJournal(), l => l.AddConfiguration(ConfigBuilder.Clean().AddKey("other id")
            .AddOverlay("NoSuchCommunity", "other id", []).Build()));
        var launcher = services.GetRequiredService<IOverlayLauncherService>();

        var ex = Assert.ThrowsAsync<ConfigurationException>(() => launcher.StartAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Does.Contain("unknown overlay class 'NoSuchCommunity'"));
            Assert.That(launcher.IsRunning, Is.False);
            Assert.Throws<ConfigurationException>(() => services.GetRequiredService<LauncherModel>());
        });
    }

    [Test]
    public async Task DisposeAsync_RunningLauncher_StopsOverlays()
    {
        var services = Provider(new HookJournal());
        var launcher = services.GetRequiredService<IOverlayLauncherService>();
        await launcher.StartAsync();
        var host = launcher.Host;

        await services.DisposeAsync();
        Assert.Multiple(() =>
        {
            Assert.That(host.IsRunning, Is.False);
            Assert.That(host.Endpoint, Is.Null);
        });
    }

    [Test]
    public async Task Dispose_RunningLauncher_StopsOverlays()
    {
        var services = Provider(new HookJournal());
        var launcher = services.GetRequiredService<IOverlayLauncherService>();
        await launcher.StartAsync();
        var host = launcher.Host;

        services.Dispose();
        Assert.That(host.Endpoint, Is.Null);
    }

    [Test]
    public async Task StartAsync_AfterStop_StartsAgain()
    {
        await using var services = Provider(new HookJournal());
        var launcher = services.GetRequiredService<IOverlayLauncherService>();
        await launcher.StartAsync();
        await launcher.StopAsync();
        await launcher.StartAsync();
        Assert.That(launcher.Host.Registry.Names, Is.EqualTo(new[] { "Recorded", "DiscoveryCommunity", "Chat" }));
    }

    [Test]
    public void AddOverlayLauncher_Twice_Throws()
    {
        var services = new ServiceCollection().AddOverlayLauncher(_ => { });
        Assert.Throws<InvalidOperationException>(() => services.AddOverlayLauncher(_ => { }));
    }
}
