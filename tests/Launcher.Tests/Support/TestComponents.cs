using Ipv8.Communities;
using Launcher.Launching;

namespace Launcher.Tests.Support;

/// <summary>The community the front-door tests declare (a real <see cref="Community"/> with a default id and the <c>greet</c> method <c>on_start</c> calls).</summary>
[CommunityId(DefaultCommunityIdHex, Fixed = false)]
public sealed class ChatCommunity(CommunitySettings settings) : Community(settings)
{
    /// <summary>ASCII "Launcher test chat!!".</summary>
    public const string DefaultCommunityIdHex = "4c61756e63686572207465737420636861742121";

    /// <summary>Gets the greetings <see cref="Greet"/> was called with.</summary>
    public List<(string Text, int Times)> Greetings { get; } = [];

    /// <summary>What the front-door launcher's <c>[OnStart("greet", "hello", 2)]</c> calls.</summary>
    public void Greet(string text, int times) => Greetings.Add((text, times));
}

public sealed class AlwaysTrue : ILaunchCondition
{
    public bool ShouldLaunch(LaunchContext context) => true;
}

/// <summary>The components the catalog and model tests use: the runtime's (the Ipv8 assembly) and the test ones above.</summary>
public static class TestCatalog
{
    public static System.Reflection.Assembly Runtime => typeof(Community).Assembly;

    public static Type[] Components { get; } = [typeof(ChatCommunity), typeof(AlwaysTrue)];

    /// <summary>A model builder over the runtime and test components, without environment overrides.</summary>
    public static LauncherModelBuilder ModelBuilder() =>
        new LauncherModelBuilder(TestFiles.NoEnvironment).AddAssemblies(Runtime).AddTypes(Components);

    /// <summary>A catalog builder over the runtime and test components.</summary>
    public static Launcher.Catalog.ComponentCatalogBuilder CatalogBuilder() =>
        new Launcher.Catalog.ComponentCatalogBuilder().AddAssemblies(Runtime).AddTypes(Components);
}
