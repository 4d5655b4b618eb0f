using System.Diagnostics;
using System.Text;

namespace Launcher.Tests.EndToEnd;

/// <summary>
/// Runs one command to completion with its stdout and stderr captured, killing its process tree when it outlives a
/// bounded time: the <c>dotnet pack</c>, <c>dotnet tool install</c> and installed <c>launcher</c> steps of the tool
/// test, and <c>script</c> (a pseudo-terminal) around the CLI.
/// </summary>
internal static class ProcessRun
{
    /// <summary>The result of a finished command: its exit code and everything it printed (stdout, then stderr).</summary>
    internal sealed record Result(int ExitCode, string Output, string Error)
    {
        /// <summary>Gets stdout and stderr together, for failure messages.</summary>
        public string Everything => $"exit code {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
    }

    /// <summary>Runs a command to completion.</summary>
    /// <param name="fileName">The program.</param>
    /// <param name="arguments">Its arguments, passed as they are (no shell).</param>
    /// <param name="workingDirectory">Its working directory.</param>
    /// <param name="environment">Variables to set (a null value removes one) on top of the test host's environment.</param>
    /// <param name="timeout">How long it may run.</param>
    /// <exception cref="TimeoutException">The command did not finish within <paramref name="timeout"/> (it is killed).</exception>
    /// <exception cref="System.ComponentModel.Win32Exception">The command could not be started.</exception>
    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("LAUNCHER__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            // Configuration overrides of the test host's environment must not leak into a launcher's configuration.
            start.Environment.Remove(inherited);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(error, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout.TotalSeconds} s\n--- stdout ---\n{Read(output)}\n--- stderr ---\n{Read(error)}");
        }

        process.WaitForExit(); // drains the redirected output
        return new Result(process.ExitCode, Read(output), Read(error));
    }

    /// <summary>Returns the full path of <paramref name="command"/> found on PATH, or null.</summary>
    public static string? FindOnPath(string command)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, command);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Returns the dotnet host that runs the tests (<c>DOTNET_HOST_PATH</c>, set by <c>dotnet test</c>; the test host
    /// itself when it is dotnet; else dotnet on PATH) with symbolic links resolved, or null when there is none.
    /// </summary>
    public static string? DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (string.IsNullOrEmpty(host) || !File.Exists(host))
        {
            var self = Environment.ProcessPath;
            host = self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : FindOnPath(OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        }

        // /usr/bin/dotnet is usually a link into the installation; DOTNET_ROOT must name the installation itself.
        return host is null ? null : new FileInfo(host).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(host);
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.Append(line).Append('\n');
        }
    }

    private static string Read(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }
}
