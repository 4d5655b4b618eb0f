using System.Diagnostics;
using System.Reflection;

namespace Launcher.Benchmarks;

/// <summary>Starts the CLI as a child process and times it (wall clock of this process, from just before <c>Process.Start</c>).</summary>
internal static class CliRunner
{
    /// <summary>Gets the CLI built beside this benchmark (its own output folder, recorded at build time).</summary>
    public static string DefaultCliPath { get; } = typeof(CliRunner).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "LauncherCliPath").Value ?? throw new InvalidOperationException("LauncherCliPath is not recorded");

    /// <summary>
    /// Milliseconds from just before <c>Process.Start</c> until the child prints a stdout line starting with
    /// <paramref name="marker"/> (then the process tree is killed), or until it exits when <paramref name="marker"/> is null.
    /// </summary>
    /// <exception cref="TimeoutException">No marker / exit within <paramref name="timeout"/>; the child's output is in the message.</exception>
    public static async Task<double> TimeAsync(string cli, IEnumerable<string> arguments, string workingDirectory, string? marker, IEnumerable<KeyValuePair<string, string>> environment, TimeSpan timeout)
        => (await MeasureAsync(cli, arguments, workingDirectory, marker, environment, timeout)).WallMs;

    /// <summary>
    /// Like <see cref="TimeAsync"/>, also returning the CPU time (user + system, all threads, from /proc/PID/stat at 10 ms
    /// resolution) the child had used when the marker was read; null when no marker or no /proc.
    /// </summary>
    /// <exception cref="TimeoutException">No marker / exit within <paramref name="timeout"/>.</exception>
    public static async Task<(double WallMs, double? CpuMs)> MeasureAsync(string cli, IEnumerable<string> arguments, string workingDirectory, string? marker, IEnumerable<KeyValuePair<string, string>> environment, TimeSpan timeout)
    {
        var start = cli.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? new ProcessStartInfo(DotnetHost()) { ArgumentList = { cli } } : new ProcessStartInfo(cli);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.WorkingDirectory = workingDirectory;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        var output = new System.Text.StringBuilder();
        var seen = new TaskCompletionSource<(double, double?)>(TaskCreationOptions.RunContinuationsAsynchronously);
        long started = 0;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            if (marker is not null && e.Data.StartsWith(marker, StringComparison.Ordinal))
            {
                var wall = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                seen.TrySetResult((wall, CpuMilliseconds(process.Id)));
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };

        started = Stopwatch.GetTimestamp();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var cancel = new CancellationTokenSource(timeout);
            if (marker is null)
            {
                await process.WaitForExitAsync(cancel.Token);
                return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, null);
            }

            return await seen.Task.WaitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            lock (output)
            {
                throw new TimeoutException($"no '{marker ?? "exit"}' within {timeout.TotalSeconds} s; output:\n{output}");
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }
    }

    private static double? CpuMilliseconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            return ticks * 10.0; // USER_HZ is 100 on Linux
        }
        catch (IOException)
        {
            return null;
        }
    }

    internal static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        return !string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, "dotnet")) ? Path.Combine(root, "dotnet") : "dotnet";
    }

    /// <summary>Finds the repository root (the folder holding Launcher.sln) above the current directory or this assembly.</summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Launcher.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("Launcher.sln not found above the current directory; pass --config");
    }
}
