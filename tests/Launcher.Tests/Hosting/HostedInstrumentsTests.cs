using System.Diagnostics.Metrics;
using System.Globalization;
using Launcher.Hosting;
using Launcher.Launching;
using Launcher.Tests.Support;
using Launcher.Tests.Support.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Launcher.Tests.Hosting;

/// <summary>
/// The launcher service's instances publish their metrics on shared instruments: one instrument per counter name per meter
/// with one measurement per instance, through the container's meter factory (as <c>launcher run</c> does).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class HostedInstrumentsTests
{
    private string _directory = "";

    [SetUp]
    public void SetUp() => _directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"launcher-instruments-{Guid.NewGuid():N}")).FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task StartAsync_ThreeInstancesContainerMeterFactory_OneInstrumentPerNameAndAMeasurementPerInstance()
    {
        var path = Path.Combine(_directory, "instruments.yaml");
        await File.WriteAllTextAsync(path, string.Create(CultureInfo.InvariantCulture, $"""
            instances: 3
            interfaces: [{"{"} interface: UDPIPv4, ip: 127.0.0.1, port: 0 {"}"}]
            keys: [{"{"} alias: me, generation: curve25519, ephemeral: true {"}"}]
            overlays:
              - name: Chat
                class: RecordingOverlay
                community_id: 4c61756e636865722064656d6f206f7665726c61
            """));
        await using var services = new ServiceCollection()
            .AddMetrics()
            .AddOverlayLauncher(_ => new LauncherModelBuilder(loadOptions: TestFiles.NoEnvironment)
                .AddFile(path)
                .AddTypes(HostedComponents.Types)
                .UsePluginsDirectory(Path.Combine(TestContext.CurrentContext.WorkDirectory, "no-plugins")))
            .BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var launcher = services.GetRequiredService<IOverlayLauncherService>();
        await launcher.StartAsync();

        var instruments = new List<Instrument>();
        var peersPerInstrument = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Ipv8.Communities" && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    instruments.Add(instrument);
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "peer" && tag.Value is string peer)
                    {
                        lock (peersPerInstrument)
                        {
                            (peersPerInstrument.TryGetValue(instrument.Name, out var set) ? set : peersPerInstrument[instrument.Name] = []).Add(peer);
                        }
                    }
                }
            });
            listener.Start();
            listener.RecordObservableInstruments();
        }

        Assert.Multiple(() =>
        {
            Assert.That(instruments, Is.Not.Empty, "the overlays publish on the container's meters");
            Assert.That(instruments.GroupBy(i => i.Name).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty, "one instrument per name, shared by the instances");
            Assert.That(peersPerInstrument.Values.Select(v => v.Count), Is.All.EqualTo(3), "a measurement per instance");
        });

        await launcher.StopAsync();
    }
}
