using System.Globalization;

namespace Launcher.Benchmarks;

/// <summary>
/// Start-up cost of <c>launcher run</c>: wall time from just before <c>Process.Start</c> of <c>dotnet Launcher.Cli.dll run
/// --duration 2s</c> (working directory = the folder of the configuration, default the repository's overlays.yaml) until the
/// CLI prints <c>launcher: listening OVERLAY on IP:PORT</c> on stdout, which it does as soon as the first host's socket is
/// bound and its overlays are launched (see RunCommand.PrintListening). The process tree is killed right after. The first
/// run is reported apart (the first process after a build: disk cache, no warm shared memory); all runs are new processes.
/// Also measures <c>--version</c> to exit, the floor of a .NET process with System.CommandLine.
/// Options: <c>--runs N</c> (default 10), <c>--cli PATH</c> (a Launcher.Cli.dll, or a published executable),
/// <c>--config FILE</c>, <c>--env NAME=VALUE</c> (repeatable, e.g. <c>DOTNET_TieredPGO=0</c>).
/// </summary>
internal static class StartupBenchmark
{
    public const string Marker = "launcher: listening ";

    public static async Task RunAsync(BenchOptions options)
    {
        var runs = options.Int("runs", 10);
        var cli = Path.GetFullPath(options.String("cli") ?? CliRunner.DefaultCliPath);
        var configOption = options.String("config");
        var config = Path.GetFullPath(configOption ?? Path.Combine(CliRunner.RepositoryRoot(), "overlays.yaml"));
        var directory = Path.GetDirectoryName(config)!;
        string[] runArguments = configOption is null ? ["run", "--duration", "2s"] : ["run", config, "--duration", "2s"];
        var timeout = TimeSpan.FromSeconds(30);

        Console.WriteLine($"startup: {cli} {string.Join(' ', runArguments)} (cwd {directory}); {Environment.ProcessorCount} cores; {Stats.LoadAverage()}");
        if (options.Environment.Count > 0)
        {
            Console.WriteLine("environment: " + string.Join(' ', options.Environment.Select(e => $"{e.Key}={e.Value}")));
        }

        var toListening = new List<double>();
        var cpuToListening = new List<double>();
        var toVersionExit = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var (wall, cpu) = await CliRunner.MeasureAsync(cli, runArguments, directory, Marker, options.Environment, timeout);
            toListening.Add(wall);
            if (cpu is { } c)
            {
                cpuToListening.Add(c);
            }
        }

        for (var i = 0; i < runs; i++)
        {
            toVersionExit.Add(await CliRunner.TimeAsync(cli, ["--version"], directory, null, options.Environment, timeout));
        }

        Console.WriteLine($"{"ms",-40} | {Stats.Header}");
        Console.WriteLine($"{"process start -> first overlay listening",-40} | {Stats.Format(toListening)}");
        Console.WriteLine($"{"CPU used by then (user+sys, 10 ms)",-40} | {Stats.Format(cpuToListening)}");
        Console.WriteLine($"{"process start -> `--version` exited",-40} | {Stats.Format(toVersionExit)}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"runs under 300 ms: {toListening.Count(t => t < 300)}/{toListening.Count}; {Stats.LoadAverage()}"));
    }
}
