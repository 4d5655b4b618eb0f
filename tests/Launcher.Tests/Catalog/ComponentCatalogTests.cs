using Ipv8.Discovery;
using Launcher.Attributes;
using Launcher.Catalog;
using Launcher.Configuration;
using Launcher.Tests.Support;

namespace Launcher.Tests.Catalog;

public sealed class ComponentCatalogTests
{
    [ComponentName("Twin")]
    public sealed class TwinOne : IDiscoveryStrategy
    {
        public void TakeStep()
        {
        }
    }

    [ComponentName("Twin")]
    public sealed class TwinTwo : IDiscoveryStrategy
    {
        public void TakeStep()
        {
        }
    }

    [Replaces(typeof(RandomWalk))]
    public sealed class FasterRandomWalk : IDiscoveryStrategy
    {
        public void TakeStep()
        {
        }
    }

    [ComponentName("RandomWalk")]
    [Replaces("RandomWalk")]
    public sealed class SameNameRandomWalk : IDiscoveryStrategy
    {
        public void TakeStep()
        {
        }
    }

    private static (ComponentCatalog Catalog, ErrorList Errors) Build(params Type[] types)
    {
        var errors = new ErrorList();
        return (new ComponentCatalogBuilder().AddTypes(types).Build(errors), errors);
    }

    private static (ComponentCatalog Catalog, ErrorList Errors) BuildRuntime()
    {
        var errors = new ErrorList();
        return (TestCatalog.CatalogBuilder().Build(errors), errors);
    }

    [Test]
    public void Build_ComponentsByKind_AreNamedByClassOrComponentName()
    {
        var (catalog, errors) = BuildRuntime();
        Assert.Multiple(() =>
        {
            Assert.That(errors.Errors, Is.Empty);
            Assert.That(catalog.Names(ComponentKind.Bootstrapper), Is.EqualTo(new[] { "DispersyBootstrapper", "UdpBroadcastBootstrapper" }));
            Assert.That(catalog.Names(ComponentKind.Overlay), Is.EqualTo(new[] { "ChatCommunity", "Community", "DiscoveryCommunity", "RendezvousCommunity" }));
            Assert.That(catalog.Resolve(ComponentKind.Condition, "AlwaysTrue").AssemblyName, Is.EqualTo("Launcher.Tests"));
        });
    }

    [Test]
    public void Build_TwoComponentsWithOneName_ErrorNamesBothTypesAndAssemblies()
    {
        var (catalog, errors) = Build(typeof(TwinOne), typeof(TwinTwo));
        Assert.Multiple(() =>
        {
            Assert.That(errors.Errors.Single().Message, Does.StartWith("2 walk strategy components are named 'Twin': ")
                .And.Contain("ComponentCatalogTests+TwinOne in assembly Launcher.Tests")
                .And.Contain("ComponentCatalogTests+TwinTwo in assembly Launcher.Tests"));
            Assert.That(catalog.TryResolve(ComponentKind.WalkStrategy, "Twin", out _), Is.False);
        });
    }

    [Test]
    public void Build_Replaces_RemovesTheReplacedAndAliasesItsName()
    {
        var (catalog, errors) = Build(typeof(RandomWalk), typeof(FasterRandomWalk));
        Assert.Multiple(() =>
        {
            Assert.That(errors.Errors, Is.Empty);
            Assert.That(catalog.Resolve(ComponentKind.WalkStrategy, "RandomWalk").Type, Is.EqualTo(typeof(FasterRandomWalk)));
            Assert.That(catalog.Components(ComponentKind.WalkStrategy).Select(c => c.Type), Is.EqualTo(new[] { typeof(FasterRandomWalk) }));
        });
    }

    [Test]
    public void Build_ReplacesWithSameName_IsNotADuplicate()
    {
        var (catalog, errors) = Build(typeof(RandomWalk), typeof(SameNameRandomWalk));
        Assert.That(errors.Errors, Is.Empty);
        Assert.That(catalog.Resolve(ComponentKind.WalkStrategy, "RandomWalk").Type, Is.EqualTo(typeof(SameNameRandomWalk)));
    }

    [Test]
    public void Resolve_UnknownName_ListsKnownAndClosest()
    {
        var (catalog, _) = BuildRuntime();
        Assert.That(() => catalog.Resolve(ComponentKind.Bootstrapper, "UdpBroadcastBootstraper"),
            Throws.TypeOf<KeyNotFoundException>().With.Message.EqualTo(
                "unknown bootstrapper 'UdpBroadcastBootstraper'; did you mean 'UdpBroadcastBootstrapper'? known: DispersyBootstrapper, UdpBroadcastBootstrapper"));
    }

    [Test]
    public void Resolve_NothingClose_HasNoSuggestion()
    {
        var (catalog, _) = BuildRuntime();
        Assert.That(catalog.UnknownMessage(ComponentKind.Overlay, "Zzzzzz"), Does.Not.Contain("did you mean"));
    }

    [Test]
    public void Build_NonComponentType_IsAnError()
    {
        var (_, errors) = Build(typeof(string));
        Assert.That(errors.Errors.Single().Message, Does.Contain("is not a concrete component"));
    }

    [Test]
    public void Build_ScanningAssemblyWithScrutor_FindsPublicComponents()
    {
        var errors = new ErrorList();
        var catalog = new ComponentCatalogBuilder().AddAssemblies(typeof(TestCatalog).Assembly).Build(errors);
        Assert.Multiple(() =>
        {
            Assert.That(catalog.TryResolve(ComponentKind.Launcher, "ChatLauncher", out _), Is.True);
            Assert.That(catalog.TryResolve(ComponentKind.Overlay, "ChatCommunity", out _), Is.True);
            Assert.That(errors.Errors.Select(e => e.Message), Has.Some.Contains("'Twin'"), "the deliberately duplicated test strategies are reported");
        });
    }

    [Test]
    public void Build_RuntimeAssembly_FindsEachKindByItsBaseType()
    {
        var (catalog, _) = BuildRuntime();
        Assert.Multiple(() =>
        {
            Assert.That(catalog.Resolve(ComponentKind.WalkStrategy, "RandomWalk").Type, Is.EqualTo(typeof(RandomWalk)));
            Assert.That(catalog.Resolve(ComponentKind.Bootstrapper, "DispersyBootstrapper").Type, Is.EqualTo(typeof(Ipv8.Bootstrapping.DispersyBootstrapper)));
            Assert.That(catalog.Resolve(ComponentKind.Overlay, "DiscoveryCommunity").Type, Is.EqualTo(typeof(DiscoveryCommunity)));
        });
    }
}
