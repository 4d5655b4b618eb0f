namespace Launcher.Benchmarks;

/// <summary>
/// Launcher benchmarks (not tests), run with <c>dotnet run -c Release --project tests/Launcher.Benchmarks -- MODE [options]</c>:
/// <c>startup</c> (process start to the first overlay listening, see <see cref="StartupBenchmark"/>),
/// <c>startup-steps</c> (the cost of each start-up step, cold and warm, see <see cref="StartupSteps"/>),
/// <c>catalog</c> (catalog building with generated plugin assemblies, see <see cref="CatalogBenchmark"/>) and
/// <c>swarm</c> (N peers and a tracker in one process: time to k peers, politeness, RSS per instance, see <see cref="Swarm.SwarmBenchmark"/>).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "";
        var options = BenchOptions.Parse(args.Length > 0 ? args[1..] : []);
        switch (mode)
        {
            case "startup":
                await StartupBenchmark.RunAsync(options);
                return 0;
            case "startup-steps":
                await StartupSteps.RunAsync(options);
                return 0;
            case "swarm":
                await Swarm.SwarmBenchmark.RunAsync(options);
                return 0;
            case "swarm-node":
                await Swarm.SwarmNode.RunAsync(options);
                return 0;
            case "catalog":
                await CatalogBenchmark.RunAsync(options);
                return 0;
            default:
                await Console.Error.WriteLineAsync("usage: Launcher.Benchmarks startup|startup-steps|catalog|swarm [--peers 10,50,100,200] [--seconds S] [--window W] [--rss-seconds S] [--runs N] [--cli PATH] [--config FILE] [--env NAME=VALUE ...] [--plugins N] [--types N] [--iterations N]");
                return 2;
        }
    }
}
