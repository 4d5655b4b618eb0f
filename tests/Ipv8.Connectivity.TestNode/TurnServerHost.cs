using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Ipv8.Connectivity.TestNode;

/// <summary>
/// The <c>turn</c> command: runs coturn as a child and ties its life to this node program's, like every other node of the
/// testbed: it is killed when the lifetime ends or standard input closes (the test run ended, even by a crash), and
/// <c>timeout --signal=KILL</c> bounds it should this program itself be killed. Prints coturn's output as <c>COTURN</c>
/// lines and <c>READY</c> once coturn answers a STUN binding request over TCP.
/// </summary>
internal static class TurnServerHost
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    public static async Task<int> RunAsync(string executable, string config, IPEndPoint listen, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("timeout") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--signal=KILL", ((int)lifetime.TotalSeconds + 5).ToString(CultureInfo.InvariantCulture), executable, "-c", config })
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start turnserver");
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await WaitUntilAnsweringAsync(process, listen, cancellationToken).ConfigureAwait(false);
            Output.Line("READY");
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            Output.Line(string.Create(CultureInfo.InvariantCulture, $"EXITED {process.ExitCode}"));
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static void Forward(string? line)
    {
        if (line is not null)
            Output.Line("COTURN " + line);
    }

    private static async Task WaitUntilAnsweringAsync(Process process, IPEndPoint listen, CancellationToken cancellationToken)
    {
        // A STUN binding request (RFC 8489: type 0x0001, length 0, magic cookie, random transaction id).
        var request = new byte[20];
        request[1] = 0x01;
        request[4] = 0x21;
        request[5] = 0x12;
        request[6] = 0xA4;
        request[7] = 0x42;
        RandomNumberGenerator.Fill(request.AsSpan(8));
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"turnserver exited with {process.ExitCode} during start"));
            if (watch.Elapsed > StartTimeout)
                throw new TimeoutException($"turnserver did not answer on {listen} within {StartTimeout.TotalSeconds:0} s");
            try
            {
                using var socket = new Socket(listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(TimeSpan.FromMilliseconds(500));
                await socket.ConnectAsync(listen, attempt.Token).ConfigureAwait(false);
                await socket.SendAsync(request, SocketFlags.None, attempt.Token).ConfigureAwait(false);
                var answer = new byte[512];
                if (await socket.ReceiveAsync(answer, SocketFlags.None, attempt.Token).ConfigureAwait(false) >= 20 && answer[0] == 0x01 && answer[1] == 0x01)
                    return;
            }
            catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Not listening yet: the bounded loop retries (the process is starting; it signals nothing when ready).
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
        }
    }
}
