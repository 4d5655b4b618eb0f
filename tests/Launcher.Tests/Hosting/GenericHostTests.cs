using Ipv8.Bootstrapping;
using Launcher.Hosting;
using Launcher.Launching;
using Launcher.Tests.Support;
using Launcher.Tests.Support.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Launcher.Tests.Hosting;

/// <summary>AddOverlayLauncher in a generic host: the overlays start and stop with the application.</summary>
public sealed class GenericHostTests
{
    [Test]
    public async Task AddOverlayLauncher_GenericHost_StartsWithTheHostAndDrainsOnStop()
    {
        var cacheDirectory = Path.Combine(Path.GetTempPath(), "generic-host-" + Guid.NewGuid().ToString("N"));
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Services.AddSingleton(new HookJournal());
            builder.Services.AddSingleton(new PeerCacheOptions { Directory = cacheDirectory });
            builder.Services.AddMetrics();
            builder.Services.AddOverlayLauncher(_ => new LauncherModelBuilder(loadOptions: TestFiles.NoEnvironment)
                .AddFile(TestFiles.Resource("hosted.yaml"))
                .AddTypes(HostedComponents.Types)
                .AddTypes(typeof(RecordingLauncher))
                .UsePluginsDirectory(Path.Combine(TestContext.CurrentContext.WorkDirectory, "no-plugins")));
            using var host = builder.Build();
            var launcher = host.Services.GetRequiredService<IOverlayLauncherService>();
            Assert.That(launcher.IsRunning, Is.False, "nothing runs before the host starts");

            await host.StartAsync();
            var overlayHost = launcher.Host;
            Assert.Multiple(() =>
            {
                Assert.That(launcher.IsRunning, Is.True);
                Assert.That(overlayHost.Overlays.Select(o => o.Name), Is.EqualTo(new[] { "Recorded", "DiscoveryCommunity", "Chat" }));
                Assert.That(overlayHost.Overlays.Select(o => o.PeerCache is not null && o.Bootstrappers.Contains(o.PeerCache.Bootstrapper)), Is.All.True, "the registered PeerCacheOptions give every overlay a cache");
            });

            await host.StopAsync();
            Assert.Multiple(() =>
            {
                Assert.That(launcher.IsRunning, Is.False);
                Assert.That(overlayHost.Endpoint, Is.Null, "the endpoint is closed when the host stops");
            });
        }
        finally
        {
            if (Directory.Exists(cacheDirectory))
            {
                Directory.Delete(cacheDirectory, recursive: true);
            }
        }
    }

    [Test]
    public async Task HostedService_StopOutlivesTheShutdownToken_ReturnsWhenTheTokenFires()
    {
        await using var launcher = new StuckStopLauncher();
        var hosted = new OverlayLauncherHostedService(launcher, new ServiceCollection().BuildServiceProvider());
        using var shutdown = new CancellationTokenSource();

        var stopping = hosted.StopAsync(shutdown.Token);
        var waitedForTheLauncher = !stopping.IsCompleted && launcher.StopCalled;
        await shutdown.CancelAsync();
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(waitedForTheLauncher, Is.True, "the host's stop waits for the drain while the token allows");
            Assert.That(stopping.IsCompletedSuccessfully, Is.True, "the host's stop ends at the shutdown timeout, without an exception");
            Assert.That(launcher.StopToken.CanBeCanceled, Is.False, "the drain itself is never aborted half-way");
        });
    }

    /// <summary>A launcher whose stop never finishes (a drain that outlives any bound).</summary>
    private sealed class StuckStopLauncher : IOverlayLauncherService
    {
        private readonly TaskCompletionSource _never = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public event EventHandler<OverlayHostStartedEventArgs>? HostStarted { add { } remove { } }

        public bool StopCalled { get; private set; }

        public CancellationToken StopToken { get; private set; }

        public LauncherModel Model => throw new NotSupportedException();

        public OverlayHost Host => throw new NotSupportedException();

        public IReadOnlyList<OverlayHost> Hosts => [];

        public Ipv8.Tracker.TrackerService? Tracker => null;

        public bool IsRunning => true;

        public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken = default)
        {
            StopCalled = true;
            StopToken = cancellationToken;
            return _never.Task;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        public void Dispose()
        {
        }
    }
}
