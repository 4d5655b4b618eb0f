using System.Diagnostics.Metrics;
using Ipv8.Bootstrapping;
using Ipv8.Discovery;
using Ipv8.Simulation;
using Launcher.Hosting;
using Launcher.Launching;
using Launcher.Tests.Support;
using Launcher.Tests.Support.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Launcher.Tests.Hosting;

/// <summary>The launcher host's DI wiring of meters and of the warm-restart peer cache.</summary>
public sealed class WarmRestartTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "warm-restart-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    private static ServiceProvider Provider(OverlayHostOptions? hostOptions = null, IMeterFactory? meters = null, PeerCacheOptions? cache = null)
    {
        var services = new ServiceCollection()
            .AddSingleton(new HookJournal())
            .AddOverlayLauncher(_ => new LauncherModelBuilder(loadOptions: TestFiles.NoEnvironment)
                .AddFile(TestFiles.Resource("hosted.yaml"))
                .AddTypes(HostedComponents.Types)
                .AddTypes(typeof(RecordingLauncher))
                .UsePluginsDirectory(Path.Combine(TestContext.CurrentContext.WorkDirectory, "no-plugins")));
        if (hostOptions is not null)
        {
            services.AddSingleton(hostOptions);
        }

        if (meters is not null)
        {
            services.AddSingleton(meters);
        }

        if (cache is not null)
        {
            services.AddSingleton(cache);
        }

        return services.BuildServiceProvider();
    }

    [Test]
    public async Task AddOverlayLauncher_RegisteredMeterFactory_CreatesEveryOverlaysMeters()
    {
        using var meters = new RecordingMeterFactory();
        await using var services = Provider(meters: meters);
        var launcher = services.GetRequiredService<IOverlayLauncherService>();
        await launcher.StartAsync();

        Assert.That(meters.Names, Does.Contain("Ipv8.Communities").And.Contain("Ipv8.Messaging"));
        await launcher.StopAsync();
    }

    [Test]
    public async Task StopAsync_WithPeerCache_WritesThePeersAndARestartFindsThemWithoutWalking()
    {
        var network = new SimulatedNetwork(new SimulatedNetworkOptions { Seed = 7 });
        var simulated = new OverlayHostOptions
        {
            EndpointFactory = _ => network.CreateEndpoint(),
            TimeProvider = network.Clock,
            RandomSeed = 3,
        };
        var cacheA = new PeerCacheOptions { Directory = Path.Combine(_directory, "a") };
        await using var second = Provider(simulated with { PeerCache = new PeerCacheOptions { Directory = Path.Combine(_directory, "b") } });
        var b = second.GetRequiredService<IOverlayLauncherService>();
        await b.StartAsync();
        var bAddress = b.Host.Endpoint!.LocalAddress;

        await using (var first = Provider(simulated with { PeerCache = cacheA }))
        {
            var a = first.GetRequiredService<IOverlayLauncherService>();
            await a.StartAsync();
            a.Host.Registry.Get<DiscoveryCommunity>("DiscoveryCommunity").WalkTo(bAddress);
            network.Clock.Advance(TimeSpan.FromSeconds(2));
            Assert.That(a.Host.Registry.Get<DiscoveryCommunity>("DiscoveryCommunity").GetPeers().Select(p => p.Address), Does.Contain(bAddress));
            await a.StopAsync();
        }

        var cacheFile = Path.Combine(cacheA.Directory, "peers.DiscoveryCommunity.json");
        Assert.That(File.Exists(cacheFile), Is.True, "the cache was written at shutdown");
        if (!OperatingSystem.IsWindows())
        {
            Assert.That(File.GetUnixFileMode(cacheFile), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }

        // The restarted node has no tracker and no bootstrapper of its own (hosted.yaml declares none): only the cache can
        // bring its walking overlay back to b.
        await using var restarted = Provider(simulated with { PeerCache = cacheA });
        var again = restarted.GetRequiredService<IOverlayLauncherService>();
        await again.StartAsync();
        var chat = again.Host.Registry.Get<DiscoveryCommunity>("DiscoveryCommunity");
        for (var i = 0; i < 20 && !chat.GetPeers().Any(p => p.Address == bAddress); i++)
        {
            network.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.That(chat.GetPeers().Select(p => p.Address), Does.Contain(bAddress));
        await again.StopAsync();
    }

    [Test]
    public async Task StartAsync_CorruptPeerCache_ReportedAndTheOverlaysStillStart()
    {
        var cache = new PeerCacheOptions { Directory = _directory };
        await File.WriteAllTextAsync(Path.Combine(_directory, "peers.Chat.json"), "{ corrupt");
        await using var services = Provider(cache: cache);
        var launcher = services.GetRequiredService<IOverlayLauncherService>();
        await launcher.StartAsync();

        var bootstrapper = launcher.Host.Overlays.Single(o => o.Name == "Chat").PeerCache!;
        Assert.Multiple(() =>
        {
            Assert.That(launcher.IsRunning, Is.True);
            Assert.That(bootstrapper.LoadResult, Is.EqualTo(PeerCacheLoadResult.Corrupt));
            Assert.That(bootstrapper.File.LoadFailures, Is.EqualTo(1));
        });
        await launcher.StopAsync();
        Assert.That(await File.ReadAllTextAsync(Path.Combine(_directory, "peers.Chat.json")), Is.EqualTo("{ corrupt"), "an empty snapshot does not replace the file");
    }

    /// <summary>An <see cref="IMeterFactory"/> that records the meters it creates (and owns them, as DI's does).</summary>
    private sealed class RecordingMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public IReadOnlyList<string> Names
        {
            get
            {
                lock (_meters)
                {
                    return [.. _meters.Select(m => m.Name)];
                }
            }
        }

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
            lock (_meters)
            {
                _meters.Add(meter);
            }

            return meter;
        }

        public void Dispose()
        {
            lock (_meters)
            {
                _meters.ForEach(m => m.Dispose());
            }
        }
    }
}
