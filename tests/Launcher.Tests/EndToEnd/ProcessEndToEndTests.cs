using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;

namespace Launcher.Tests.EndToEnd;

/// <summary>
/// The CLI as processes on 127.0.0.1: <c>launcher tracker</c> plus two <c>launcher run</c> processes with different
/// configurations that find each other through it (seen in their <c>--report</c> files), and the tracker process
/// answering a hand-built introduction-request. Every process gets <c>--duration</c> so it stops by itself; the tests
/// kill the process trees in <c>finally</c> (via <see cref="CliProcess.Dispose"/>) as soon as they are done.
/// </summary>
[TestFixture]
[Category("EndToEnd")]
[NonParallelizable]
public sealed class ProcessEndToEndTests : ScratchFolderFixture
{
    /// <summary>Bounds each wait (process start, discovery) so a broken build fails instead of hanging.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private const string CommunityId = "4c61756e6368657220653265207465737420676f"; // "Launcher e2e test go", 20 bytes

    [Test]
    public async Task TrackerAndTwoRunProcesses_DifferentConfigs_FindEachOtherInReports()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var processes = new List<CliProcess>();
        string? failure = null;
        try
        {
            var tracker = CliProcess.Start("tracker", ScratchFolder, "tracker", "--listen-port", "0", "--listen-address", "127.0.0.1", "--duration", "40s");
            processes.Add(tracker);
            var trackerPort = await ProcessWaits.ListeningPortAsync(tracker, "tracker listening on ", deadline.Token);

            var configA = Path.Combine(ScratchFolder, "a.yaml");
            var configB = Path.Combine(ScratchFolder, "b.yaml");
            await File.WriteAllTextAsync(configA, Config("E2EAlpha", trackerPort, walkerInterval: "0.5", targetPeers: 20, maxPeers: 30));
            await File.WriteAllTextAsync(configB, Config("E2EBravo", trackerPort, walkerInterval: "0.3", targetPeers: 10, maxPeers: 15));
            var reportA = Path.Combine(ScratchFolder, "a.jsonl");
            var reportB = Path.Combine(ScratchFolder, "b.jsonl");
            processes.Add(CliProcess.Start("run A", ScratchFolder, "run", configA, "--report", reportA, "--duration", "30s", "--quiet"));
            processes.Add(CliProcess.Start("run B", ScratchFolder, "run", configB, "--report", reportB, "--duration", "30s", "--quiet"));

            var (a, b) = await ProcessWaits.UntilBothListEachOtherAsync(reportA, reportB, processes, deadline.Token);

            Assert.Multiple(() =>
            {
                Assert.That(a.Overlay, Is.EqualTo("E2EAlpha"));
                Assert.That(b.Overlay, Is.EqualTo("E2EBravo"));
                Assert.That(a.CommunityId, Is.EqualTo(CommunityId));
                Assert.That(b.CommunityId, Is.EqualTo(CommunityId));
                Assert.That(a.Mid, Is.Not.EqualTo(b.Mid), "each process has its own ephemeral key");
                Assert.That(a.Address, Does.StartWith("127.0.0.1:"));
                Assert.That(b.Address, Does.StartWith("127.0.0.1:"));
                Assert.That(a.Lists(b), Is.True, "A's report lists B's mid at B's address");
                Assert.That(b.Lists(a), Is.True, "B's report lists A's mid at A's address");
                Assert.That(a.Peers.Select(p => p.Address), Has.None.EqualTo($"127.0.0.1:{trackerPort}"), "the tracker is not a peer");
            });
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException)
        {
            failure = $"timed out after {Deadline.TotalSeconds} s: {exception.Message}";
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Dispose();
            }
        }

        if (failure is not null)
        {
            Assert.Fail($"{failure}\n{string.Join('\n', processes.Select(p => p.Output()))}\n--- a.jsonl ---\n{Tail(Path.Combine(ScratchFolder, "a.jsonl"))}\n--- b.jsonl ---\n{Tail(Path.Combine(ScratchFolder, "b.jsonl"))}");
        }
    }

    [Test]
    public async Task TrackerProcess_RawIntroductionRequest_ProvesAddressThenAnswersWithVerifiedResponse()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        using var tracker = CliProcess.Start("tracker", ScratchFolder, "tracker", "--listen-port", "0", "--listen-address", "127.0.0.1", "--duration", "30s");
        try
        {
            var port = await ProcessWaits.ListeningPortAsync(tracker, "tracker listening on ", deadline.Token);
            var trackerAddress = UdpAddress.From(IPAddress.Loopback, port);
            var keys = new KeyFactory();
            var key = keys.Generate("curve25519");
            var prefix = CommunityPrefix.FromHex(CommunityId);
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var own = UdpAddress.From(IPAddress.Loopback, ((IPEndPoint)socket.LocalEndPoint!).Port);
            const ushort requestId = 4242;

            await socket.SendToAsync(Build(key, prefix, IntroductionRequestPayload.MessageId, new IntroductionRequestPayload(trackerAddress, own, own, Advice: true, ConnectionType.Unknown, requestId)), trackerAddress.ToEndPoint(), deadline.Token);

            // 1. An unproven address gets a proof ping (an introduction-request from the tracker) and nothing larger.
            var ping = await ReceiveAsync(socket, deadline.Token);
            Assert.That(ping[CommunityPrefix.Length], Is.EqualTo(IntroductionRequestPayload.MessageId), "the first answer is the proof ping");
            Assert.That(SignedMessage.TryParse(ping, hasGlobalTime: true, keys, out var pingMessage, out _), Is.True);
            Assert.That(pingMessage.Verify(), Is.True);
            Assert.That(pingMessage.TryReadPayload<IntroductionRequestPayload>(out var pingPayload, out _), Is.True);
            var trackerMid = pingMessage.PublicKey.MidHex;

            // 2. Echoing its identifier proves the address; the introduction-response to the original request follows.
            await socket.SendToAsync(Build(key, prefix, IntroductionResponsePayload.MessageId, new IntroductionResponsePayload(trackerAddress, own, own, default, default, ConnectionType.Unknown, pingPayload.Identifier)), trackerAddress.ToEndPoint(), deadline.Token);
            var response = await ReceiveAsync(socket, deadline.Token);

            Assert.That(SignedMessage.TryParse(response, hasGlobalTime: true, keys, out var message, out _), Is.True);
            Assert.That(message.TryReadPayload<IntroductionResponsePayload>(out var payload, out _), Is.True);
            var (messageId, verified, responderMid) = (message.MessageId, message.Verify(), message.PublicKey.MidHex);
            Assert.Multiple(() =>
            {
                Assert.That(response.AsSpan().StartsWith(prefix.Bytes), Is.True, "answered under the request's prefix");
                Assert.That(messageId, Is.EqualTo(IntroductionResponsePayload.MessageId));
                Assert.That(verified, Is.True);
                Assert.That(responderMid, Is.EqualTo(trackerMid), "signed by the tracker that pinged");
                Assert.That(payload.Identifier, Is.EqualTo(requestId));
                Assert.That(payload.DestinationAddress, Is.EqualTo(own), "the response tells us our own address");
                Assert.That(payload.WanIntroductionAddress.IsZero, Is.True, "we are the only peer of the community: nobody to introduce");
            });
        }
        catch (OperationCanceledException exception)
        {
            Assert.Fail($"timed out: {exception.Message}\n{tracker.Output()}");
        }
    }

    [Test]
    public async Task RunProcess_Duration_StopsByItselfWithExitCodeZeroAndReport()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var config = Path.Combine(ScratchFolder, "alone.yaml");
        var report = Path.Combine(ScratchFolder, "alone.jsonl");
        await File.WriteAllTextAsync(config, Config("E2EAlone", trackerPort: 9, walkerInterval: "0.5", targetPeers: 20, maxPeers: 30));
        using var run = CliProcess.Start("run", ScratchFolder, "run", config, "--report", report, "--duration", "1.5s", "--quiet");
        try
        {
            var listening = await run.WaitForLineAsync(l => l.StartsWith("launcher: listening E2EAlone on 127.0.0.1:", StringComparison.Ordinal), deadline.Token);
            var exitCode = await run.WaitForExitAsync(deadline.Token);

            var lines = ReportLine.ReadAll(report);
            Assert.Multiple(() =>
            {
                Assert.That(exitCode, Is.Zero, run.Output());
                Assert.That(lines, Is.Not.Empty);
                Assert.That(lines.Select(l => l.Overlay), Is.All.EqualTo("E2EAlone"));
                Assert.That(listening, Does.EndWith(lines[0].Address), "the marker names the socket the report shows");
                Assert.That(lines.SelectMany(l => l.Peers), Is.Empty, "nobody to find");
            });
        }
        catch (OperationCanceledException exception)
        {
            Assert.Fail($"timed out: {exception.Message}\n{run.Output()}");
        }
    }

    [Test]
    public async Task RunProcess_ConnectivityNodeCannotStart_ReportsWhyAndExitsOne()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var config = Path.Combine(ScratchFolder, "nosecret.yaml");
        await File.WriteAllTextAsync(config, Config("E2ENoSecret", trackerPort: 9, walkerInterval: "0.5", targetPeers: 20, maxPeers: 30)
            + "\nconnectivity:\n  methods: [direct, relay]\n  turn:\n    - address: [\"127.0.0.1\", 3478]\n      username: alice\n      password_file: absent-turn-secret.txt\n");
        using var run = CliProcess.Start("run", ScratchFolder, "run", config, "--duration", "60s", "--quiet");
        try
        {
            var exitCode = await run.WaitForExitAsync(deadline.Token);

            Assert.Multiple(() =>
            {
                Assert.That(exitCode, Is.EqualTo(1), run.Output());
                Assert.That(run.Output(), Does.Contain("absent-turn-secret.txt"), "the error names the missing secret file");
            });
        }
        catch (OperationCanceledException exception)
        {
            Assert.Fail($"the run kept going with a node that did not start: {exception.Message}\n{run.Output()}");
        }
    }

    private static string Config(string overlay, int trackerPort, string walkerInterval, int targetPeers, int maxPeers) => string.Create(CultureInfo.InvariantCulture, $"""
        interfaces:
          - interface: UDPIPv4
            ip: 127.0.0.1
            port: 0
        keys:
          - alias: e2e
            generation: curve25519
            ephemeral: true
        logger:
          level: WARNING
        walker_interval: {walkerInterval}
        overlays:
          - name: {overlay}
            class: GenericOverlay
            community_id: {CommunityId}
            key: e2e
            walkers:
              - strategy: RandomWalk
                peers: {targetPeers}
                init:
                  timeout: 3.0
            bootstrappers:
              - class: DispersyBootstrapper
                init:
                  ip_addresses: [["127.0.0.1", {trackerPort}]]
                  bootstrap_timeout: 5.0
            initialize:
              max_peers: {maxPeers}
        """);

    private static byte[] Build<TPayload>(PrivateKey key, CommunityPrefix prefix, byte messageId, TPayload payload)
        where TPayload : IPayload<TPayload>
    {
        var buffer = new byte[1024];
        var length = MessageFraming.WriteSigned(buffer, prefix.Bytes, messageId, key, 1, in payload);
        return buffer[..length];
    }

    private static async Task<byte[]> ReceiveAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[2048];
        var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cancellationToken);
        return buffer[..result.ReceivedBytes];
    }

    private static string Tail(string path) => File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(4)) : "(no file)";
}
