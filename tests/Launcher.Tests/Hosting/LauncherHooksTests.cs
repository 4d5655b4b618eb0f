using Launcher.Configuration;
using Launcher.Tests.Support.Hosting;

namespace Launcher.Tests.Hosting;

public sealed class LauncherHooksTests
{
    private HostHarness _harness = null!;

    [SetUp]
    public void SetUp() => _harness = new HostHarness();

    [TearDown]
    public async Task TearDown() => await _harness.DisposeAsync();

    [Test]
    public async Task StartAsync_AttributeLauncher_RunsEveryHookInOrderThroughDi()
    {
        var model = _harness.Model(HostHarness.Header + "overlays:\n  - launcher: RecordingLauncher\n", typeof(RecordingLauncher));
        var host = _harness.Host(model);
        await host.StartAsync();

        var overlay = host.Registry.Get<RecordingOverlay>("Recorded");
        Assert.Multiple(() =>
        {
            Assert.That(_harness.Journal.Entries, Is.EqualTo(new[]
            {
                "ShouldLaunch Recorded",
                "Prepare Recorded launched-before=[]",
                "GetSettings 0",
                "Finalize 7 registered=True",
            }));
            Assert.That(overlay.MaxPeers, Is.EqualTo(7), "the settings GetSettings returned are applied");
            Assert.That(host.Overlays.Single().Strategies.Single().TargetPeers, Is.EqualTo(10));
        });
    }

    [Test]
    public async Task StartAsync_SecondLauncher_SeesOverlaysLaunchedBefore()
    {
        var yaml = HostHarness.Header + $"overlays:\n  - name: First\n    class: RecordingOverlay\n    community_id: {HostedComponents.CommunityIdB}\n  - name: Recorded\n    class: RecordingOverlay\n    community_id: {HostedComponents.CommunityIdA}\n    after: [First]\n";
        var model = _harness.Model(yaml, typeof(RecordingLauncher));
        var host = _harness.Host(model);
        await host.StartAsync();

        Assert.That(_harness.Journal.Entries, Does.Contain("Prepare Recorded launched-before=[First]"));
    }

    [Test]
    public void Build_TypedPreconditionFalse_SkipsOverlayAndPlanNamesTheCondition()
    {
        var model = _harness.Model(HostHarness.Header, typeof(NeverLauncher), typeof(NeverCondition));
        Assert.Multiple(() =>
        {
            Assert.That(model.Plan.Order, Is.Empty);
            Assert.That(model.Plan.Skipped.Select(o => o.Name), Is.EqualTo(new[] { "Never" }));
            Assert.That(model.Plan.SkipReasons["Never"], Is.EqualTo("condition 'NeverCondition' is false"));
            Assert.That(model.Plan.Render(), Does.Contain("- Never (RecordingOverlay) from attribute [Overlay] on NeverLauncher: condition 'NeverCondition' is false"));
            Assert.That(_harness.Journal.Entries, Is.EqualTo(new[] { "Never asked for Never" }), "the condition was created through DI and asked once");
        });
    }

    [TestCase(true, new[] { "Conditional" })]
    [TestCase(false, new string[0])]
    public void Build_StaticMethodPrecondition_DecidesWithServices(bool allow, string[] expected)
    {
        _harness.Journal.AllowConditional = allow;
        var model = _harness.Model(HostHarness.Header + "overlays:\n  - launcher: Conditional\n", typeof(ConditionalLauncher));
        Assert.That(model.Plan.Order.Select(o => o.Name), Is.EqualTo(expected));
    }

    [Test]
    public void Build_LauncherShouldLaunchFalse_SkipsWithReason()
    {
        var model = _harness.Model(HostHarness.Header, typeof(RefusingLauncher));
        Assert.That(model.Plan.SkipReasons["Refusing"], Is.EqualTo("RefusingLauncher.ShouldLaunch returned false"));
    }

    [Test]
    public void Build_ConditionNamedInFile_ResolvesThroughCatalog()
    {
        var yaml = HostHarness.Header + $"overlays:\n  - name: Gated\n    class: RecordingOverlay\n    community_id: {HostedComponents.CommunityIdB}\n    conditions: [NeverCondition]\n";
        var model = _harness.Builder(typeof(NeverCondition)).AddFile(_harness.Write("overlays.yaml", yaml)).Build();
        Assert.That(model.Plan.SkipReasons, Is.EqualTo(new Dictionary<string, string> { ["Gated"] = "condition 'NeverCondition' is false" }));
    }

    [Test]
    public void Build_PreconditionDisablesDependency_DependentStillLaunches()
    {
        var yaml = HostHarness.Header + $"overlays:\n  - name: Dependent\n    class: RecordingOverlay\n    community_id: {HostedComponents.CommunityIdA}\n    after: [Never]\n  - launcher: NeverLauncher\n";
        var model = _harness.Model(yaml, typeof(NeverLauncher), typeof(NeverCondition));
        Assert.Multiple(() =>
        {
            Assert.That(model.Plan.Order.Select(o => o.Name), Is.EqualTo(new[] { "Dependent" }));
            Assert.That(model.Plan.Skipped.Select(o => o.Name), Is.EqualTo(new[] { "Never" }));
        });
    }

    [Test]
    public void Build_FileDisablesLauncher_ConditionIsNotAsked()
    {
        var yaml = HostHarness.Header + "overlays:\n  - name: Never\n    class: RecordingOverlay\n    enabled: false\n";
        var model = _harness.Model(yaml, typeof(NeverLauncher), typeof(NeverCondition));
        Assert.Multiple(() =>
        {
            Assert.That(model.Plan.SkipReasons["Never"], Is.EqualTo("disabled (enabled: false)"));
            Assert.That(_harness.Journal.Entries, Is.Empty);
        });
    }

    [Test]
    public void Build_ConditionThrows_IsConfigurationErrorWithOrigin()
    {
        var yaml = HostHarness.Header + $"overlays:\n  - name: Gated\n    class: RecordingOverlay\n    community_id: {HostedComponents.CommunityIdB}\n    conditions: [ThrowingCondition]\n";
        var path = _harness.Write("overlays.yaml", yaml);
        var ex = Assert.Throws<ConfigurationException>(() => _harness.Builder(typeof(ThrowingCondition)).AddFile(path).Build())!;
        Assert.That(ex.Errors.Single().ToString(), Does.StartWith($"{path}:4:").And.EndWith("overlays.Gated.conditions: condition 'ThrowingCondition' threw InvalidOperationException: sensor offline"));
    }

    [Test]
    public void Build_ApplicationDecision_IsAskedAfterConditions()
    {
        var asked = new List<string>();
        var model = _harness.Builder(typeof(RecordingLauncher), typeof(NeverLauncher), typeof(NeverCondition))
            .AddFile(_harness.Write("overlays.yaml", HostHarness.Header))
            .UseLaunchDecision(o => { asked.Add(o.Name); return false; })
            .Build();
        Assert.Multiple(() =>
        {
            Assert.That(asked, Is.EqualTo(new[] { "Recorded" }), "an overlay whose condition is false is not asked again");
            Assert.That(model.Plan.SkipReasons["Recorded"], Is.EqualTo("the application's launch decision is false"));
        });
    }

    [Test]
    public void Build_TypedLauncherOnOtherClass_IsConfigurationError()
    {
        var yaml = HostHarness.Header + "overlays:\n  - name: Recorded\n    class: DiscoveryCommunity\n";
        var ex = Assert.Throws<ConfigurationException>(() => _harness.Model(yaml, typeof(RecordingLauncher)))!;
        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Does.Contain("launcher RecordingLauncher launches RecordingOverlay overlays, but the class is 'DiscoveryCommunity'"));
            Assert.That(_harness.Endpoints, Is.Empty, "nothing was opened");
        });
    }

    [Test]
    public void Build_LauncherNeedsMissingService_IsConfigurationErrorNamingTheLauncher()
    {
        var path = _harness.Write("overlays.yaml", HostHarness.Header);
        var builder = _harness.Builder(typeof(RecordingLauncher)).AddFile(path).UseServices(null);
        var ex = Assert.Throws<ConfigurationException>(() => builder.Build())!;
        Assert.That(ex.Errors.Single().ToString(), Does.StartWith("attribute [Overlay] on RecordingLauncher: overlays.Recorded: cannot create launcher RecordingLauncher:")
            .And.Contain(nameof(HookJournal)));
    }
}
