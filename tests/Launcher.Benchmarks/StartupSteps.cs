using System.Diagnostics;
using System.Globalization;
using Ipv8.Communities;
using Ipv8.Keys;
using Ipv8.Messaging;
using Launcher.Catalog;
using Launcher.Configuration;
using Launcher.Launching;
using Launchers.Builtin;

namespace Launcher.Benchmarks;

/// <summary>
/// Where the start-up time of <c>launcher run</c> goes: the steps the CLI takes, each timed in this (JIT, not ReadyToRun)
/// process the first time (cold: JIT and type loading included) and a second time (warm), through the public API the CLI
/// uses. Run it several times (each a new process); compare with the <c>startup</c> figures of the JIT build.
/// Usage: <c>startup-steps [--config FILE]</c>.
/// </summary>
internal static class StartupSteps
{
    public static async Task RunAsync(BenchOptions options)
    {
        var config = Path.GetFullPath(options.String("config") ?? Path.Combine(CliRunner.RepositoryRoot(), "overlays.yaml"));
        var rows = new List<(string Step, double Cold, double Warm)>();
        rows.Add(Twice("new ConfigurationLoader() (embedded schema)", () => _ = new ConfigurationLoader()));
        var loader = new ConfigurationLoader();
        rows.Add(Twice("ConfigurationLoader.TryLoad(overlays.yaml): YAML, schema, binding", () => _ = loader.TryLoad(config, new ErrorList())));
        rows.Add(Twice("ComponentCatalogBuilder (Ipv8, Launchers.Builtin)", () => _ = new ComponentCatalogBuilder().AddAssemblies(typeof(Community).Assembly, typeof(GenericOverlay).Assembly).Build(new ErrorList())));
        rows.Add(Twice("LauncherModelBuilder.Build (what ModelLoading.Load does)", () => _ = new LauncherModelBuilder().AddAssemblies(typeof(Community).Assembly, typeof(GenericOverlay).Assembly).UsePluginsDirectory(null).AddFile(config).Build()));
        rows.Add(Twice("new KeyFactory().Generate(curve25519)", () => _ = new KeyFactory().Generate(KeyFactory.Curve25519)));
        rows.Add(Twice("KeyFactory.Generate(very-low) (the tracker's key)", () => _ = new KeyFactory().Generate("very-low")));
        rows.Add(await TwiceAsync("UdpEndpoint open + close on 127.0.0.1:0", async () =>
        {
            var endpoint = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback());
            await endpoint.OpenAsync();
            await endpoint.CloseAsync();
            await endpoint.DisposeAsync();
        }));

        Console.WriteLine($"startup-steps ({config}); {Stats.LoadAverage()}; ms since process start at the end: {(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds:F0}");
        Console.WriteLine($"{"step",-70} | cold ms | warm ms");
        foreach (var (step, cold, warm) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{step,-70} | {cold,7:F1} | {warm,7:F1}"));
        }
    }

    private static (string, double, double) Twice(string step, Action action)
    {
        var first = Stopwatch.GetTimestamp();
        action();
        var second = Stopwatch.GetTimestamp();
        action();
        var end = Stopwatch.GetTimestamp();
        return (step, Stopwatch.GetElapsedTime(first, second).TotalMilliseconds, Stopwatch.GetElapsedTime(second, end).TotalMilliseconds);
    }

    private static async Task<(string, double, double)> TwiceAsync(string step, Func<Task> action)
    {
        var first = Stopwatch.GetTimestamp();
        await action();
        var second = Stopwatch.GetTimestamp();
        await action();
        var end = Stopwatch.GetTimestamp();
        return (step, Stopwatch.GetElapsedTime(first, second).TotalMilliseconds, Stopwatch.GetElapsedTime(second, end).TotalMilliseconds);
    }
}
