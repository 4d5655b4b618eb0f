using Launcher.Launching;

namespace Launcher.Cli.Tests;

[TestFixture]
public sealed class ModelLoadingTests
{
    [Test]
    public void ConfigureRun_NoFile_BuildsTheRepositoryOverlaysYaml()
    {
        var repositoryFile = Path.Combine(RepositoryRoot(), "overlays.yaml");

        var builtIn = ModelLoading.ConfigureRun(new LauncherModelBuilder(), file: null, pluginsDirectory: null).Build();
        var fromFile = ModelLoading.Load(repositoryFile, pluginsDirectory: null);

        Assert.Multiple(() =>
        {
            Assert.That(builtIn.Plan.Order.Select(o => o.Name), Is.EqualTo(fromFile.Plan.Order.Select(o => o.Name)).And.Not.Empty);
            Assert.That(builtIn.Configuration.Instances, Is.EqualTo(fromFile.Configuration.Instances));
            Assert.That(builtIn.Configuration.Tracker?.Port, Is.EqualTo(fromFile.Configuration.Tracker?.Port).And.Not.Null);
            Assert.That(builtIn.Configuration.Interfaces.Select(i => i.Ip), Is.EqualTo(fromFile.Configuration.Interfaces.Select(i => i.Ip)));
        });
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Launcher.sln")))
            {
                return directory.FullName;
            }
        }

        Assert.Ignore("the repository (Launcher.sln) is not above the test directory");
        return "";
    }
}
