using System.Globalization;

namespace Ipv8.Benchmarks.Load;

/// <summary>
/// CPU time of this process's threads, grouped by thread name (Linux: <c>/proc/self/task/*/stat</c> and <c>comm</c>), so
/// the load generator can report the target's CPU apart from its own clients' (not a test).
/// </summary>
/// <remarks>
/// <para>Resolution is the kernel's clock tick (10 ms at the usual USER_HZ of 100), so a step should last seconds. A thread
/// that ended between two samples loses what it used since the previous sample; the process total
/// (<see cref="System.Diagnostics.Process.TotalProcessorTime"/>) still has it. On a system without <c>/proc</c> every
/// sample is empty.</para>
/// <para>Loopback accounting: the kernel delivers a sent datagram to the receiving socket in the sender's context, so a
/// client's sendto carries most of the kernel cost of the target's receive, and the target's sendto carries the client's.</para>
/// </remarks>
internal sealed class ThreadCpuSampler
{
    private const double TicksPerSecond = 100; // USER_HZ: sysconf(_SC_CLK_TCK) is 100 on every Linux this runs on

    private readonly Dictionary<int, (string Name, long Ticks, long Switches)> _previous = [];

    /// <summary>
    /// CPU seconds used and context switches (voluntary and not: each voluntary one is a block and a later wake-up) per
    /// thread name since the previous call (the first call reports everything so far).
    /// </summary>
    public Dictionary<string, (double Cpu, long Switches)> TakeDelta()
    {
        var delta = new Dictionary<string, (double Cpu, long Switches)>(StringComparer.Ordinal);
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories("/proc/self/task");
        }
        catch (IOException)
        {
            return delta;
        }
        catch (UnauthorizedAccessException)
        {
            return delta;
        }

        foreach (var task in tasks)
        {
            if (!int.TryParse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture, out var tid)
                || !TryRead(task, out var name, out var ticks))
            {
                continue;
            }

            var switches = ReadSwitches(task);
            var before = _previous.TryGetValue(tid, out var seen) && seen.Name == name ? seen : (Name: name, Ticks: 0L, Switches: 0L);
            _previous[tid] = (name, ticks, switches);
            var sum = delta.GetValueOrDefault(name);
            delta[name] = (sum.Cpu + ((ticks - before.Ticks) / TicksPerSecond), sum.Switches + (switches - before.Switches));
        }

        return delta;
    }

    /// <summary>voluntary_ctxt_switches + nonvoluntary_ctxt_switches from the thread's <c>status</c>, or 0.</summary>
    private static long ReadSwitches(string task)
    {
        try
        {
            var total = 0L;
            foreach (var line in File.ReadLines(Path.Combine(task, "status")))
            {
                if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal) || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                {
                    total += long.Parse(line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim(), CultureInfo.InvariantCulture);
                }
            }

            return total;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static bool TryRead(string task, out string name, out long ticks)
    {
        name = string.Empty;
        ticks = 0;
        try
        {
            var stat = File.ReadAllText(Path.Combine(task, "stat"));

            // Fields after the command name, which is in parentheses and may itself hold spaces or parentheses.
            var close = stat.LastIndexOf(')');
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            if (close < 0 || open < 0 || open > close)
            {
                return false;
            }

            name = stat[(open + 1)..close];
            var fields = stat[(close + 2)..].Split(' ');

            // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
            if (fields.Length < 13
                || !long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var user)
                || !long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var system))
            {
                return false;
            }

            ticks = user + system;
            return true;
        }
        catch (IOException)
        {
            return false; // the thread ended between listing and reading
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
