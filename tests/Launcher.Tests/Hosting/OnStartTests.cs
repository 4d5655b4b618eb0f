using Launcher.Configuration;
using Launcher.Hosting;
using Launcher.Tests.Support.Hosting;

namespace Launcher.Tests.Hosting;

public sealed class OnStartTests
{
    private HostHarness _harness = null!;

    [SetUp]
    public void SetUp() => _harness = new HostHarness();

    [TearDown]
    public async Task TearDown() => await _harness.DisposeAsync();

    private static string Overlay(string onStart) =>
        HostHarness.Header + $"overlays:\n  - name: Chat\n    class: RecordingOverlay\n    community_id: {HostedComponents.CommunityIdB}\n    on_start:\n{onStart}";

    [Test]
    public async Task StartAsync_OnStartFromFile_InvokesMethodsInOrderWithConvertedArguments()
    {
        var model = _harness.Model(Overlay("      - [greet, hello, 2]\n      - [warm_up, 1.5]\n      - [WarmUp, 2, true]\n"));
        var host = _harness.Host(model);
        await host.StartAsync();

        Assert.That(host.Registry.Get<RecordingOverlay>("Chat").Calls, Is.EqualTo(new[] { "greet hello x2", "warm_up 1.5 False", "warm_up 2 True" }));
    }

    [Test]
    public async Task StartAsync_OnStartFromAttribute_IsInvoked()
    {
        var model = _harness.Model(HostHarness.Header, typeof(RecordingLauncher));
        var host = _harness.Host(model);
        await host.StartAsync();

        Assert.That(host.Registry.Get<RecordingOverlay>("Recorded").Calls, Is.EqualTo(new[] { "greet from attribute x3" }));
    }

    [Test]
    public void Build_UnknownMethod_IsConfigurationErrorBeforeAnythingOpens()
    {
        var ex = Assert.Throws<ConfigurationException>(() => _harness.Model(Overlay("      - [greeet, hello, 2]\n")))!;
        Assert.Multiple(() =>
        {
            Assert.That(ex.Errors.Single().Message, Is.EqualTo("RecordingOverlay has no public instance method 'greeet'; did you mean 'Greet'?"));
            Assert.That(ex.Errors.Single().Path, Is.EqualTo("overlays.Chat.on_start[0]"));
            Assert.That(ex.Errors.Single().Origin.File, Is.EqualTo(Path.Combine(_harness.Directory, "overlays.yaml")));
            Assert.That(_harness.Endpoints, Is.Empty, "nothing was opened");
        });
    }

    [Test]
    public void Build_ArgumentOfWrongType_IsConfigurationErrorNamingTheParameter()
    {
        var ex = Assert.Throws<ConfigurationException>(() => _harness.Model(Overlay("      - [greet, hello, many]\n")))!;
        Assert.Multiple(() =>
        {
            Assert.That(ex.Errors.Single().Message, Does.StartWith("cannot call RecordingOverlay.greet(\"hello\", \"many\"): Greet(String text, Int32 times): argument 2 (times) \"many\" is not a Int32"));
            Assert.That(_harness.Endpoints, Is.Empty);
        });
    }

    [Test]
    public void Build_WrongArgumentCount_IsConfigurationError()
    {
        var ex = Assert.Throws<ConfigurationException>(() => _harness.Model(Overlay("      - [greet, hello]\n      - [warm_up]\n")))!;
        Assert.That(ex.Errors.Select(e => e.Message), Is.EqualTo(new[]
        {
            "cannot call RecordingOverlay.greet(\"hello\"): Greet(String text, Int32 times): takes 2 arguments, 1 given",
            "cannot call RecordingOverlay.warm_up(): WarmUp(TimeSpan duration, Boolean verbose): takes 1 to 2 arguments, 0 given",
        }));
    }

    [Test]
    public void StartAsync_MethodThrowsAtRunTime_StopsEverythingAndNamesTheCall()
    {
        var model = _harness.Model(Overlay("      - [fail, disk full]\n"));
        var host = _harness.Host(model);
        var ex = Assert.ThrowsAsync<OverlayLaunchException>(() => host.StartAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Does.EndWith("overlay 'Chat': on_start fail(\"disk full\") threw InvalidOperationException: disk full"));
            Assert.That(ex.InnerException, Is.TypeOf<InvalidOperationException>());
            Assert.That(host.Overlays, Is.Empty);
            Assert.That(host.Endpoint, Is.Null);
            Assert.That(host.IsRunning, Is.False);
        });
    }
}
