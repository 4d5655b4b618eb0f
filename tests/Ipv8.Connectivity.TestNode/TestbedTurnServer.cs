using System.Net;

namespace Ipv8.Connectivity.TestNode;

/// <summary>coturn running in the testbed's TURN namespace (see <see cref="NatTestbed.StartTurnServerAsync"/>); disposing kills it and removes its files.</summary>
public sealed class TestbedTurnServer : IAsyncDisposable
{
    private readonly string _directory;
    private int _disposed;

    internal TestbedTurnServer(NodeProcess process, string directory, IPEndPoint endPoint)
    {
        Process = process;
        _directory = directory;
        EndPoint = endPoint;
    }

    /// <summary>Gets where coturn listens (TCP and UDP).</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Gets the coturn process (its log lines are collected).</summary>
    public NodeProcess Process { get; }

    /// <summary>Finds <c>turnserver</c> on the PATH or in the usual directories; null when it is not installed.</summary>
    public static string? FindExecutable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/bin", "/usr/sbin", "/usr/local/bin"])
            .Select(d => Path.Combine(d, "turnserver"))
            .FirstOrDefault(File.Exists);

    /// <summary>Kills coturn at once (SIGKILL), as a crashing relay vanishes.</summary>
    /// <exception cref="TimeoutException">It did not die within 10 s.</exception>
    public Task KillAsync() => Process.KillAsync();

    /// <summary>Kills coturn if it still runs and deletes its configuration directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await Process.KillAsync().ConfigureAwait(false);
        await Process.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Already removed, or a file still held: the temp directory is cleaned by the system.
        }
    }
}
