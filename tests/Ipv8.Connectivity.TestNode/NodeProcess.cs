using System.Diagnostics;

namespace Ipv8.Connectivity.TestNode;

/// <summary>A node program running as a child process; its standard output is collected line by line.</summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly SemaphoreSlim _newLine = new(0, int.MaxValue);
    private readonly Task _reader;
    private readonly Task<string> _errors;

    private NodeProcess(Process process)
    {
        _process = process;
        _reader = Task.Run(ReadAsync);
        _errors = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Gets every line printed so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
                return [.. _lines];
        }
    }

    /// <summary>Gets the process id.</summary>
    public int Id => _process.Id;

    /// <summary>Gets whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="file"/> with <paramref name="arguments"/>, standard input and output redirected.</summary>
    public static NodeProcess Start(string file, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        return new NodeProcess(Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}"));
    }

    /// <summary>Waits for the first line starting with <paramref name="prefix"/> and returns the rest of it.</summary>
    /// <exception cref="TimeoutException">No such line within <paramref name="timeout"/>, or the process ended first; the message has its output.</exception>
    public async Task<string> WaitForLineAsync(string prefix, TimeSpan timeout)
    {
        using var bounded = new CancellationTokenSource(timeout);
        var seen = 0;
        while (true)
        {
            var lines = Lines;
            for (; seen < lines.Count; seen++)
            {
                if (lines[seen].StartsWith(prefix, StringComparison.Ordinal))
                    return lines[seen][prefix.Length..].Trim();
            }

            if (_reader.IsCompleted)
                throw new TimeoutException($"the node ended without printing '{prefix}': {Describe()}");
            try
            {
                await _newLine.WaitAsync(bounded.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no '{prefix}' line within {timeout.TotalSeconds:0} s: {Describe()}");
            }
        }
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    /// <exception cref="TimeoutException">It did not exit within <paramref name="timeout"/>.</exception>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync(new CancellationTokenSource(timeout).Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the node did not exit within {timeout.TotalSeconds:0} s: {Describe()}");
        }

        await _reader.ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>Kills the process and its children at once (SIGKILL), as a crashing server vanishes, and waits (bounded) until it is gone.</summary>
    /// <exception cref="TimeoutException">It was still there 10 s after the kill.</exception>
    public async Task KillAsync()
    {
        try
        {
            if (_process.HasExited)
                return;
            _process.Kill(entireProcessTree: true);
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(bounded.Token).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the process {Id} did not die within 10 s of SIGKILL");
        }
    }

    /// <summary>Closes its standard input (it exits by itself then), waits briefly, and kills it if it is still there.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                try
                {
                    await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync().ConfigureAwait(false);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        _newLine.Dispose();
    }

    private string Describe() => $"stdout: [{string.Join(" | ", Lines)}] stderr: [{(_errors.IsCompleted ? _errors.Result.Trim() : "...")}]";

    private async Task ReadAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (_lines)
                _lines.Add(line);
            _newLine.Release();
        }

        _newLine.Release();
    }
}
