using Launcher.Configuration;
using Launcher.Tests.Support;

namespace Launcher.Tests.Configuration;

/// <summary>
/// The model builder validates its files against the schema after the rest of the model (the schema is built on another
/// thread at start-up meanwhile); the report must be the one validation in place gives: each file's errors as its load
/// alone reports them (parse, overrides, schema, binding, checks), files in order, the model's own errors after them.
/// </summary>
public sealed class DeferredSchemaValidationTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), $"launcher-deferred-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Build_FilesWithSchemaBindingAndModelErrors_ReportsThemAsInPlaceValidationOrders()
    {
        // Schema and binder both object to `walker_interval` and `peers` (the same words: reported once), the schema alone
        // to `colour`, the model alone to the unknown class; the second file has a schema error of its own.
        var first = Write("overlays.yaml", """
            walker_interval: fast
            overlays:
              - name: A
                class: NoSuchOverlay
                walkers:
                  - strategy: RandomWalk
                    peers: many
                colour: blue
            """);
        var second = Write("more.yaml", "instances: -3\n");
        var inPlace = new ErrorList();
        _ = new ConfigurationLoader(TestFiles.NoEnvironment).TryLoad(first, inPlace);
        _ = new ConfigurationLoader(TestFiles.NoEnvironment).TryLoad(second, inPlace);
        Assert.That(inPlace.Errors, Has.Count.GreaterThanOrEqualTo(4), "the files are wrong in several ways");

        var exception = Assert.Throws<ConfigurationException>(() => TestCatalog.ModelBuilder().AddFile(first).AddFile(second).Build())!;
        var reported = exception.Errors.Select(e => e.ToString()).ToList();

        Assert.That(reported.Take(inPlace.Errors.Count), Is.EqualTo(inPlace.Errors.Select(e => e.ToString())), string.Join("\n", reported));
        Assert.That(reported.Skip(inPlace.Errors.Count), Has.Some.Contains("NoSuchOverlay"), "the model's own errors come after the files'");
    }

    [Test]
    public void Build_ValidFile_NoErrors()
    {
        var file = Write("overlays.yaml", """
            keys:
              - alias: chat id
            overlays:
              - name: Chat
                class: ChatCommunity
                key: chat id
            """);

        Assert.That(() => TestCatalog.ModelBuilder().AddFile(file).Build(), Throws.Nothing);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
