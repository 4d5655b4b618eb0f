using System.Globalization;

namespace Launcher.Benchmarks;

/// <summary>Summary of a series of timings in milliseconds: the first (cold) run apart, then min / p50 / mean / max of all.</summary>
internal static class Stats
{
    public static string Header => "first (cold) |    min |    p50 |   mean |    max | runs";

    public static string Format(IReadOnlyList<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            return "no runs";
        }

        var sorted = milliseconds.Order().ToArray();
        var p50 = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        return string.Create(CultureInfo.InvariantCulture,
            $"{milliseconds[0],12:F1} | {sorted[0],6:F1} | {p50,6:F1} | {milliseconds.Average(),6:F1} | {sorted[^1],6:F1} | {milliseconds.Count,4}");
    }

    public static string LoadAverage()
    {
        try
        {
            return "loadavg " + string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "loadavg n/a";
        }
    }
}
