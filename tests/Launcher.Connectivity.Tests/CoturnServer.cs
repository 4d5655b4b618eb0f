using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Launcher.Connectivity.Tests;

/// <summary>
/// (The approach of Ipv8.Connectivity.Tests/Turn/CoturnServer.) A real coturn (<c>turnserver</c>) as a child process on 127.0.0.1 with its own configuration in a temp
/// directory: realm, a long-term user and/or a shared auth secret, a relay port range, no CLI/TLS/DTLS, and peers
/// restricted to loopback (coturn refuses loopback peers unless <c>allow-loopback-peers</c>; every other address
/// is denied). <see cref="StartAsync"/> reports the test as ignored when turnserver is not installed.
/// </summary>
internal sealed class CoturnServer : IAsyncDisposable
{
    public const string Realm = "ipv8.test";
    public const string User = "alice";
    public const string Password = "pw-Correct-Horse-7f3a";
    public const string AuthSecret = "secret-Battery-Staple-91c2";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _directory;

    private CoturnServer(Process process, string directory, IPEndPoint endPoint)
    {
        _process = process;
        _directory = directory;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static string? FindExecutable()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(["/usr/bin", "/usr/sbin", "/usr/local/bin"]))
        {
            var candidate = Path.Combine(directory, "turnserver");
            if (File.Exists(candidate))
                return candidate;
        }

        return null;
    }

    /// <summary>Starts coturn and waits (bounded) until its TCP listener answers a STUN binding request.</summary>
    public static async Task<CoturnServer> StartAsync(TimeSpan? maxAllocateLifetime = null, bool longTermUser = true, bool sharedSecret = false)
    {
        var executable = FindExecutable();
        if (executable is null)
            Assert.Ignore("coturn's turnserver is not installed (Debian package coturn; .ci/run installs it).");

        var port = FreePort();
        var relayBase = 20000 + (Random.Shared.Next(0, 400) * 100);
        var directory = Directory.CreateTempSubdirectory("ipv8-coturn-").FullName;
        var config = new StringBuilder();
        config.AppendLine("listening-ip=127.0.0.1");
        config.AppendLine("relay-ip=127.0.0.1");
        config.AppendLine(CultureInfo.InvariantCulture, $"listening-port={port}");
        config.AppendLine(CultureInfo.InvariantCulture, $"min-port={relayBase}");
        config.AppendLine(CultureInfo.InvariantCulture, $"max-port={relayBase + 99}");
        config.AppendLine(CultureInfo.InvariantCulture, $"realm={Realm}");
        config.AppendLine("fingerprint");
        if (longTermUser)
        {
            config.AppendLine("lt-cred-mech");
            config.AppendLine(CultureInfo.InvariantCulture, $"user={User}:{Password}");
        }

        if (sharedSecret)
        {
            config.AppendLine("use-auth-secret");
            config.AppendLine(CultureInfo.InvariantCulture, $"static-auth-secret={AuthSecret}");
        }

        if (maxAllocateLifetime is { } lifetime)
            config.AppendLine(CultureInfo.InvariantCulture, $"max-allocate-lifetime={(int)lifetime.TotalSeconds}");
        config.AppendLine("no-cli");
        config.AppendLine("no-tls");
        config.AppendLine("no-dtls");
        config.AppendLine("no-multicast-peers");
        config.AppendLine("allow-loopback-peers");
        config.AppendLine("allowed-peer-ip=127.0.0.1");
        config.AppendLine("denied-peer-ip=0.0.0.0-255.255.255.255");
        config.AppendLine("denied-peer-ip=::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
        config.AppendLine(CultureInfo.InvariantCulture, $"pidfile={Path.Combine(directory, "turnserver.pid")}");
        config.AppendLine(CultureInfo.InvariantCulture, $"userdb={Path.Combine(directory, "turndb")}");
        config.AppendLine("log-file=stdout");
        config.AppendLine("no-software-attribute");
        var configPath = Path.Combine(directory, "turnserver.conf");
        await File.WriteAllTextAsync(configPath, config.ToString());

        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(configPath);
        var process = new Process { StartInfo = startInfo };
        var server = new CoturnServer(process, directory, new IPEndPoint(IPAddress.Loopback, port));
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilAnsweringAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills coturn at once (SIGKILL), as a crashing relay would vanish.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            Kill();
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(bounded.Token);
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open; the temp directory is cleaned by the system.
            }
        }
    }

    private static int FreePort()
    {
        // A port free for both TCP and UDP (coturn listens on both).
        for (var i = 0; i < 50; i++)
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken for UDP; try another.
            }
        }

        throw new InvalidOperationException("No free loopback port for coturn.");
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    private async Task WaitUntilAnsweringAsync()
    {
        var watch = Stopwatch.StartNew();
        var request = new byte[20];
        request[1] = 0x01;
        request[4] = 0x21;
        request[5] = 0x12;
        request[6] = 0xA4;
        request[7] = 0x42;
        Random.Shared.NextBytes(request.AsSpan(8));
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"turnserver exited with {_process.ExitCode} during start:\n{Output}");
            if (watch.Elapsed > StartTimeout)
                throw new TimeoutException($"turnserver did not answer within {StartTimeout.TotalSeconds} s:\n{Output}");
            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                using var attempt = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
                await socket.ConnectAsync(EndPoint, attempt.Token);
                await socket.SendAsync(request, SocketFlags.None, attempt.Token);
                var answer = new byte[512];
                if (await socket.ReceiveAsync(answer, SocketFlags.None, attempt.Token) >= 20 && answer[0] == 0x01 && answer[1] == 0x01)
                    return;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                // Not listening yet: the bounded loop retries (the process is starting, there is no event to wait on).
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }
}
