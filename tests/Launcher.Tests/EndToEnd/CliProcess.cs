using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Launcher.Tests.EndToEnd;

/// <summary>
/// One <c>dotnet Launcher.Cli.dll ...</c> child process with its stdout and stderr captured. Disposing kills the whole
/// process tree (when still running) and waits for it; every test also passes <c>--duration</c>, so a process left
/// behind by a crashed test host still stops by itself.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private const int Tag = 5; // "out: " / "err: "

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];
    private string? _state;

    private CliProcess(string name, IEnumerable<string> arguments, string workingDirectory)
    {
        Name = name;
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("LAUNCHER__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            // Configuration overrides of the test host's environment must not leak into the child's configuration.
            start.Environment.Remove(inherited);
        }

        start.ArgumentList.Add(CliPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => OnLine("out", e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine("err", e.Data);
    }

    /// <summary>Gets the name used in failure messages.</summary>
    public string Name { get; }

    /// <summary>Gets the path of Launcher.Cli.dll in the CLI project's own output folder (recorded at build time).</summary>
    public static string CliPath { get; } = typeof(CliProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "LauncherCliPath").Value ?? throw new InvalidOperationException("LauncherCliPath is not recorded");

    /// <summary>Gets whether the process has exited (call before <see cref="Dispose"/>).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>dotnet Launcher.Cli.dll arguments</c>.</summary>
    public static CliProcess Start(string name, string workingDirectory, params IEnumerable<string> arguments)
    {
        var process = new CliProcess(name, arguments, workingDirectory);
        process._process.Start();
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// Sends SIGTERM (what a service manager sends to stop a service) through the system's <c>kill</c> command; false when
    /// that is not possible here (Windows, no <c>kill</c>), so the caller can skip.
    /// </summary>
    public async Task<bool> TerminateAsync(CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows() || ProcessRun.FindOnPath("kill") is not { } kill)
        {
            return false;
        }

        var result = await ProcessRun.RunAsync(kill, ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], ".", new Dictionary<string, string?>(), TimeSpan.FromSeconds(10));
        cancellationToken.ThrowIfCancellationRequested();
        return result.ExitCode == 0;
    }

    /// <summary>Waits for the process to exit by itself and returns its exit code.</summary>
    /// <exception cref="OperationCanceledException">The token fired first.</exception>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>Waits for the first output line matching <paramref name="match"/> (already printed or to come).</summary>
    /// <exception cref="OperationCanceledException">The token fired first.</exception>
    public Task<string> WaitForLineAsync(Func<string, bool> match, CancellationToken cancellationToken)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var earlier = _output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.Length >= Tag && match(l[Tag..]));
            if (earlier is not null)
            {
                return Task.FromResult(earlier[Tag..]);
            }

            _waiters.Add((match, found));
        }

        return found.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Returns everything printed so far, each line tagged out/err, for failure messages.</summary>
    public string Output()
    {
        lock (_gate)
        {
            return $"--- {Name} ({_state ?? (_process.HasExited ? "exited" : "running")}) ---\n{_output}";
        }
    }

    /// <summary>Kills the process tree if it still runs and waits (bounded) for it to go.</summary>
    public void Dispose()
    {
        try
        {
            var killed = !_process.HasExited;
            if (killed)
            {
                _process.Kill(entireProcessTree: true);
            }

            if (_process.WaitForExit(10_000))
            {
                _process.WaitForExit(); // drains the redirected output
                _state = killed ? "killed by the test" : $"exited by itself with code {_process.ExitCode}";
            }
            else
            {
                _state = "did not exit within 10 s of being killed";
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void OnLine(string stream, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.Append(stream).Append(": ").Append(line).Append('\n');
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line))
                {
                    _waiters[i].Found.TrySetResult(line);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private static string DotnetHost()
    {
        // `dotnet test` sets DOTNET_HOST_PATH to the muxer that runs it; otherwise the test host itself may be dotnet.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
