using System.Diagnostics;
using Ipv8.Communities;
using Launcher.Catalog;
using Launcher.Configuration;
using Launchers.Builtin;

namespace Launcher.Benchmarks;

/// <summary>
/// Catalog building with generated plugins (default 20 assemblies, see <see cref="PluginEmitter"/>):
/// <list type="bullet">
/// <item>in process, per iteration: <see cref="PluginLoader.LoadAll"/> (a new load context per plugin, as every start)
/// then <see cref="ComponentCatalogBuilder"/> over the core assemblies (Ipv8, Launchers.Builtin) plus the plugins (the
/// Scrutor scan); the first iteration is the cold one (JIT), reported apart;</item>
/// <item>the same catalog with the core assemblies only;</item>
/// <item>as processes: <c>launcher list --plugins DIR</c> to exit, with the generated plugins and with an empty folder.</item>
/// </list>
/// Options: <c>--plugins N</c> (20), <c>--types N</c> filler classes per plugin (40), <c>--iterations N</c> (20), <c>--runs N</c> (5),
/// <c>--keep true</c> (keep the generated plugins folder and print its path).
/// </summary>
internal static class CatalogBenchmark
{
    public static async Task RunAsync(BenchOptions options)
    {
        var count = options.Int("plugins", 20);
        var fillers = options.Int("types", 40);
        var iterations = options.Int("iterations", 20);
        var runs = options.Int("runs", 5);
        var root = Path.Combine(Path.GetTempPath(), "launcher-catalog-bench-" + Guid.NewGuid().ToString("N"));
        var pluginsDirectory = Path.Combine(root, "plugins");
        var emptyDirectory = Path.Combine(root, "empty");
        Directory.CreateDirectory(emptyDirectory);
        try
        {
            var emit = Stopwatch.StartNew();
            PluginEmitter.EmitAll(pluginsDirectory, count, fillers);
            Console.WriteLine($"catalog: {count} plugin assemblies x (1 walk strategy + 1 bootstrapper + {fillers} other classes), emitted in {emit.Elapsed.TotalMilliseconds:F0} ms; {Environment.ProcessorCount} cores; {Stats.LoadAverage()}");

            var load = new List<double>();
            var scan = new List<double>();
            var total = new List<double>();
            for (var i = 0; i < iterations; i++)
            {
                var (l, s) = Build(pluginsDirectory, count);
                load.Add(l);
                scan.Add(s);
                total.Add(l + s);
            }

            var coreOnly = new List<double>();
            for (var i = 0; i < iterations; i++)
            {
                var (l, s) = Build(null, 0);
                coreOnly.Add(l + s);
            }

            Console.WriteLine($"{"ms (in process)",-44} | {Stats.Header}");
            Console.WriteLine($"{$"PluginLoader.LoadAll, {count} plugins",-44} | {Stats.Format(load)}");
            Console.WriteLine($"{$"catalog scan, core + {count} plugins",-44} | {Stats.Format(scan)}");
            Console.WriteLine($"{$"load + scan, {count} plugins",-44} | {Stats.Format(total)}");
            Console.WriteLine($"{"catalog scan, core assemblies only",-44} | {Stats.Format(coreOnly)}");

            var cli = Path.GetFullPath(options.String("cli") ?? CliRunner.DefaultCliPath);
            var withPlugins = new List<double>();
            var withoutPlugins = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                withoutPlugins.Add(await CliRunner.TimeAsync(cli, ["list", "--plugins", emptyDirectory], root, null, options.Environment, TimeSpan.FromSeconds(60)));
                withPlugins.Add(await CliRunner.TimeAsync(cli, ["list", "--plugins", pluginsDirectory], root, null, options.Environment, TimeSpan.FromSeconds(60)));
            }

            Console.WriteLine($"{"ms (process start -> exit)",-44} | {Stats.Header}");
            Console.WriteLine($"{$"launcher list --plugins ({count} plugins)",-44} | {Stats.Format(withPlugins)}");
            Console.WriteLine($"{"launcher list --plugins (empty folder)",-44} | {Stats.Format(withoutPlugins)}");
            Console.WriteLine(Stats.LoadAverage());
        }
        finally
        {
            if (options.String("keep") == "true")
            {
                Console.WriteLine($"kept {pluginsDirectory}");
            }
            else
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>Loads the plugins (when a directory is given) and builds the catalog; returns (load ms, scan ms).</summary>
    /// <exception cref="InvalidOperationException">Something failed to load, or the plugin components are not all in the catalog.</exception>
    private static (double Load, double Scan) Build(string? pluginsDirectory, int expectedPlugins)
    {
        var errors = new ErrorList();
        var started = Stopwatch.GetTimestamp();
        var plugins = pluginsDirectory is null ? [] : new PluginLoader().LoadAll(pluginsDirectory, errors);
        var loaded = Stopwatch.GetTimestamp();
        var catalog = new ComponentCatalogBuilder()
            .AddAssemblies(typeof(Community).Assembly, typeof(GenericOverlay).Assembly)
            .AddAssemblies(plugins.SelectMany(p => p.Assemblies))
            .Build(errors);
        var scanned = Stopwatch.GetTimestamp();
        if (errors.Errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join('\n', errors.Errors));
        }

        var fromPlugins = catalog.Components(ComponentKind.WalkStrategy).Count(c => c.AssemblyName.StartsWith("BenchPlugin", StringComparison.Ordinal))
            + catalog.Components(ComponentKind.Bootstrapper).Count(c => c.AssemblyName.StartsWith("BenchPlugin", StringComparison.Ordinal));
        if (fromPlugins != 2 * expectedPlugins)
        {
            throw new InvalidOperationException($"expected {2 * expectedPlugins} plugin components in the catalog, found {fromPlugins}");
        }

        return (Stopwatch.GetElapsedTime(started, loaded).TotalMilliseconds, Stopwatch.GetElapsedTime(loaded, scanned).TotalMilliseconds);
    }
}
