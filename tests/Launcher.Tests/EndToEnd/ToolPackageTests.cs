using System.Reflection;

namespace Launcher.Tests.EndToEnd;

/// <summary>
/// The CLI as the installed .NET tool: packs the already built CLI project (<c>dotnet pack --no-build</c>, so it never
/// competes with a build of the same project), installs the package from that local folder alone into a temporary
/// <c>--tool-path</c>, and runs <c>launcher --version</c> and <c>launcher validate overlays.yaml</c> from a clean folder.
/// </summary>
[TestFixture]
[Category("EndToEnd")]
[NonParallelizable]
public sealed class ToolPackageTests : ScratchFolderFixture
{
    /// <summary>Bounds each step (pack ≈ 6 s, install ≈ 2 s, each command well under 1 s on an idle machine).</summary>
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(90);

    [Test]
    public async Task PackedTool_InstalledIntoTemporaryToolPath_RunsVersionAndValidate()
    {
        if (ProcessRun.DotnetHost() is not { } dotnet)
        {
            Assert.Ignore("the dotnet host was not found (DOTNET_HOST_PATH, the test host, PATH): cannot pack or install the tool");
            return;
        }

        var project = Metadata("LauncherCliProject");
        var packages = Path.Combine(ScratchFolder, "packages");
        var tools = Path.Combine(ScratchFolder, "tools");
        var work = Path.Combine(ScratchFolder, "work");
        Directory.CreateDirectory(work);
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            // The tool's launcher (an apphost) finds the runtime through DOTNET_ROOT when it is not in a default location.
            ["DOTNET_ROOT"] = Path.GetDirectoryName(dotnet),
        };

        // 1. Pack what the test build already compiled; publish and nuspec files go to the temporary folder.
        var pack = await ProcessRun.RunAsync(
            dotnet,
            ["pack", project, "-c", Metadata("LauncherCliConfiguration"), "--no-build", "-o", packages,
             $"-p:PublishDir={Path.Combine(ScratchFolder, "publish")}{Path.DirectorySeparatorChar}", $"-p:NuspecOutputPath={Path.Combine(ScratchFolder, "nuspec")}"],
            ScratchFolder,
            environment,
            StepTimeout);
        Assert.That(pack.ExitCode, Is.Zero, pack.Everything);
        var package = Directory.GetFiles(packages, "Launcher.Cli.*.nupkg").Single();
        var version = Path.GetFileNameWithoutExtension(package)["Launcher.Cli.".Length..];

        // 2. Install from that folder only: a nuget.config that clears every other source (no network, no user feeds).
        var config = Path.Combine(ScratchFolder, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        var install = await ProcessRun.RunAsync(
            dotnet,
            ["tool", "install", "--tool-path", tools, "--configfile", config, "Launcher.Cli", "--version", version],
            ScratchFolder,
            environment,
            StepTimeout);
        Assert.That(install.ExitCode, Is.Zero, install.Everything);
        var launcher = Path.Combine(tools, OperatingSystem.IsWindows() ? "launcher.exe" : "launcher");
        Assert.That(File.Exists(launcher), Is.True, $"the command is named launcher\n{install.Everything}");

        // 3. Run the installed command from a folder holding nothing but the repository's overlays.yaml.
        File.Copy(Path.Combine(Path.GetDirectoryName(project)!, "..", "..", "overlays.yaml"), Path.Combine(work, "overlays.yaml"));
        var versionRun = await ProcessRun.RunAsync(launcher, ["--version"], work, environment, StepTimeout);
        var validate = await ProcessRun.RunAsync(launcher, ["validate", "overlays.yaml"], work, environment, StepTimeout);

        Assert.Multiple(() =>
        {
            Assert.That(versionRun.ExitCode, Is.Zero, versionRun.Everything);
            Assert.That(versionRun.Output.Trim(), Does.StartWith(version), "--version prints the package's version");
            Assert.That(validate.ExitCode, Is.Zero, validate.Everything);
            Assert.That(validate.Output, Does.StartWith("overlays.yaml: valid ("), validate.Everything);
        });
    }

    private static string Metadata(string key) => typeof(ToolPackageTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == key).Value ?? throw new InvalidOperationException($"{key} is not recorded");
}
