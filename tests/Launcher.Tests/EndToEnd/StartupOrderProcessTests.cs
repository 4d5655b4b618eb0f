namespace Launcher.Tests.EndToEnd;

/// <summary>
/// <c>launcher run</c>'s start-up runs the configuration schema's construction (JsonSchema.Net) on a thread of its own
/// while the main thread compiles the rest of the path; what the command reports must not depend on which thread
/// finishes first. A file with a schema violation and a model error is refused with the schema's message first, the
/// model's second, exit code 2 and nothing opened; a valid file still prints the listening line before anything else.
/// </summary>
[TestFixture]
[Category("EndToEnd")]
[NonParallelizable]
public sealed class StartupOrderProcessTests : ScratchFolderFixture
{
    private static readonly TimeSpan RunBound = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Line 5: <c>peers</c> is a string (the schema's error); line 2: a GenericOverlay without community id (found when
    /// the model is built, after the schema).
    /// </summary>
    private const string SchemaAndModelErrors = """
        overlays:
          - name: Broken
            class: GenericOverlay
            walkers:
              - { strategy: RandomWalk, peers: "twenty" }

        """;

    private const string Valid = """
        interfaces: [{ interface: UDPIPv4, ip: 127.0.0.1, port: 0 }]
        keys: [{ alias: me, generation: curve25519, ephemeral: true }]
        logger: { level: WARNING }
        overlays:
          - name: Ordered
            class: GenericOverlay
            community_id: 4c61756e636865722073746172742d7570206f72
            walkers: [{ strategy: RandomWalk, peers: 5 }]

        """;

    [Test]
    public async Task Run_SchemaAndModelErrors_SchemaErrorFirstExit2NothingListening()
    {
        var result = await RunAsync(SchemaAndModelErrors);

        var schemaLine = result.Error.IndexOf("start.yaml:5:", StringComparison.Ordinal);
        var modelLine = result.Error.IndexOf("start.yaml:2:", StringComparison.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.Everything);
            Assert.That(result.Error, Does.Contain("invalid configuration (2 errors):"), result.Everything);
            Assert.That(result.Error, Does.Contain("overlays[0].walkers[0].peers: expected integer, got string"), result.Everything);
            Assert.That(result.Error, Does.Contain("overlays.Broken.community_id:"), result.Everything);
            Assert.That(schemaLine, Is.GreaterThanOrEqualTo(0), result.Everything);
            Assert.That(modelLine, Is.GreaterThan(schemaLine), "the schema's error comes before the model's\n" + result.Everything);
            Assert.That(result.Output, Does.Not.Contain("listening"), "refused before anything opened");
        });
    }

    [Test]
    public async Task Run_ValidFile_ListeningLineFirstExit0()
    {
        var result = await RunAsync(Valid);

        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.Everything);
            Assert.That(lines, Is.Not.Empty, result.Everything);
            Assert.That(lines.FirstOrDefault(), Does.StartWith("launcher: listening Ordered on 127.0.0.1:"), result.Everything);
            Assert.That(result.Error, Is.Empty, result.Everything);
        });
    }

    private async Task<ProcessRun.Result> RunAsync(string config)
    {
        await File.WriteAllTextAsync(Path.Combine(ScratchFolder, "start.yaml"), config);
        var environment = new Dictionary<string, string?> { ["DOTNET_ENVIRONMENT"] = null, ["LAUNCHER_API_KEY"] = null };
        return await ProcessRun.RunAsync(DotnetHost(), [CliProcess.CliPath, "run", "start.yaml", "--duration", "2s", "--quiet", "--no-peer-cache"], ScratchFolder, environment, RunBound);
    }

    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }
}
