using BenchmarkDotNet.Running;
using Ipv8.Benchmarks.Fuzz;
using Ipv8.Benchmarks.Load;
using Ipv8.Benchmarks.Rendezvous;
using Ipv8.Benchmarks.Scale;
using Ipv8.Benchmarks.Soak;
using Ipv8.Benchmarks.Tracker;

namespace Ipv8.Benchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "scale")
        {
            ScaleHarness.Run(args[1..]);
            return;
        }

        if (args.Length > 0 && args[0] == "tracker-udp")
        {
            TrackerUdpBenchmark.Run(args[1..]);
            return;
        }

        if (args.Length > 0 && args[0] == "load-udp")
        {
            LoadUdpBenchmark.Run(args[1..]);
            return;
        }

        if (args.Length > 0 && args[0] == "rendezvous-udp")
        {
            RendezvousUdpBenchmark.Run(args[1..]);
            return;
        }

        if (args.Length > 0 && args[0] == "rendezvous-newcomer")
        {
            RendezvousNewcomerHarness.Run(args[1..]);
            return;
        }

        if (args.Length > 0 && args[0] == "soak")
        {
            Environment.ExitCode = SoakHarness.Run(args[1..]);
            return;
        }

        if (args.Length > 0 && args[0] == "fuzz")
        {
            Environment.ExitCode = FuzzHarness.Run(args[1..]);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
