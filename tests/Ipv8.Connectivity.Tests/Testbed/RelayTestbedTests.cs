using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Ipv8.Connectivity.TestNode;

namespace Ipv8.Connectivity.Tests.Testbed;

/// <summary>
/// The relay rung across real Linux NATs: coturn runs on the testbed's TURN host (198.51.100.40), configured by the test
/// to listen and relay on that address only and to relay only to the testbed's internet; the two peers sit behind
/// random-port symmetric NATs (<c>masquerade random</c>), where direct, reverse and TCP punching cannot work. Needs root,
/// <c>ip</c>, <c>nft</c> and coturn's <c>turnserver</c>; otherwise every test reports itself skipped with the reason.
/// coturn, the node processes and the namespaces are removed in teardown, also after a failure; each process also has a
/// bounded lifetime of its own.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category("netns")]
public sealed class RelayTestbedTests
{
    private const long TenMiB = 10L * 1024 * 1024;
    private static readonly TimeSpan NodeLifetime = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan TurnLifetime = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(25);
    private NatTestbed? _bed;
    private string? _secrets;
    private string _authSecret = string.Empty;
    private string _password = string.Empty;

    [OneTimeSetUp]
    public async Task BuildTestbed()
    {
        if (NatTestbed.Unavailable() is { } reason)
            Assert.Ignore($"Real-NAT testbed unavailable: {reason}.");
        if (TestbedTurnServer.FindExecutable() is null)
            Assert.Ignore("coturn's turnserver is not installed (Debian package coturn; .ci/run installs it).");

        // Fresh secrets per run, in files only the owner reads: the nodes read them as an operator's node would.
        _secrets = Directory.CreateTempSubdirectory("l8n-relay-secrets-").FullName;
        _authSecret = "as-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _password = "pw-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        await File.WriteAllTextAsync(SecretFile("auth-secret"), _authSecret + "\n");
        await File.WriteAllTextAsync(SecretFile("password"), _password + "\n");
        await File.WriteAllTextAsync(SecretFile("wrong-password"), "pw-wrong-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)));
        _bed = NatTestbed.Build(typeof(NatTestbed).Assembly.Location);
        try
        {
            await _bed.StartServerAsync(TimeSpan.FromMinutes(5));
        }
        catch
        {
            await _bed.DisposeAsync();
            _bed = null;
            throw;
        }
    }

    [OneTimeTearDown]
    public async Task RemoveTestbed()
    {
        if (_bed is not null)
            await _bed.DisposeAsync();
        if (_secrets is not null)
            Directory.Delete(_secrets, recursive: true);
    }

    [Test]
    public async Task ConnectAsync_TwoRandomPortSymmetricNats_OnlyTheRelayWinsAnd10MiBArriveIntact()
    {
        var bed = Bed();
        await using var turn = await bed.StartTurnServerAsync(new TestbedTurnConfig { AuthSecret = _authSecret }, TurnLifetime);
        await using var server = bed.StartNode(bed.Hosts["sym2"], "serve", AcceptRelay, NodeLifetime);
        var record = await server.WaitForLineAsync("RECORD ", Step);
        await using var client = bed.StartNode(bed.Hosts["sym1"], "connect",
            ["--record", record, "--count", "0", "--methods", "direct,reverse,tcp_punch,relay", "--budgets-ms", "1000,1000,3000,10000", .. SharedSecret(), "--send-mb", "10"], NodeLifetime);

        var result = Json(await client.WaitForLineAsync("RESULT ", Step));
        var transfer = Json(await client.WaitForLineAsync("TRANSFER ", Step));
        await TestContext.Out.WriteLineAsync($"sym1 -> sym2: {result}\ntransfer: {transfer}");

        Assert.Multiple(() =>
        {
            Assert.That(result.GetProperty("method").GetString(), Is.EqualTo("relay"));
            Assert.That(Attempt(result, "direct"), Is.Not.Null.And.Not.EqualTo("ok"), "direct was tried and failed");
            Assert.That(Attempt(result, "reverse"), Is.Not.Null.And.Not.EqualTo("ok"), "reverse was tried and failed");
            Assert.That(Attempt(result, "tcp_punch"), Does.Contain("random port"), "the punch failed saying why");
            Assert.That(Attempt(result, "relay"), Is.EqualTo("ok"));
            Assert.That(transfer.GetProperty("bytes").GetInt64(), Is.EqualTo(TenMiB));
            Assert.That(transfer.GetProperty("sha256").GetString(), Is.EqualTo("match"), "the sink's SHA-256 equals the sender's");
            Assert.That(client.Lines.Concat(server.Lines), Has.None.Contain(_authSecret), "the shared secret is never printed or logged");
        });
    }

    [Test]
    public async Task ConnectAsync_WrongTurnPassword_RelayFailsWithTheServersRefusalAndNoSecretPrinted()
    {
        var bed = Bed();
        var wrong = (await File.ReadAllTextAsync(SecretFile("wrong-password"))).Trim();
        await using var turn = await bed.StartTurnServerAsync(new TestbedTurnConfig { User = "alice", Password = _password }, TurnLifetime);
        await using var server = bed.StartNode(bed.Hosts["sym2"], "serve", AcceptRelay, NodeLifetime);
        var record = await server.WaitForLineAsync("RECORD ", Step);
        await using var client = bed.StartNode(bed.Hosts["sym1"], "connect",
            ["--record", record, "--count", "1", "--methods", "relay", "--turn", Turn(turn), "--turn-user", "alice", "--turn-password-file", SecretFile("wrong-password")], NodeLifetime);

        var result = Json(await client.WaitForLineAsync("RESULT ", Step));
        await TestContext.Out.WriteLineAsync(result.ToString());

        Assert.Multiple(() =>
        {
            Assert.That(result.GetProperty("method").GetString(), Is.EqualTo("none"));
            Assert.That(Attempt(result, "relay"), Does.Contain("401").And.Contain("refused the credentials"));
            Assert.That(client.Lines, Has.None.Contain(wrong).And.None.Contain(_password), "no password is printed or logged");
        });
    }

    [Test]
    public async Task RefreshLoop_ServerGrantsFourSeconds_AllocationRefreshedDuringTheTransferAndDataIntact()
    {
        // coturn caps allocations at 4 s; the client refreshes at half of that, and the transfer is spread over 7 s.
        var bed = Bed();
        await using var turn = await bed.StartTurnServerAsync(new TestbedTurnConfig { AuthSecret = _authSecret, MaxAllocateLifetime = TimeSpan.FromSeconds(4) }, TurnLifetime);
        await using var server = bed.StartNode(bed.Hosts["sym2"], "serve", AcceptRelay, NodeLifetime);
        var record = await server.WaitForLineAsync("RECORD ", Step);
        await using var client = bed.StartNode(bed.Hosts["sym1"], "connect",
            ["--record", record, "--count", "0", "--methods", "relay", .. SharedSecret(), "--send-mb", "10", "--send-seconds", "7"], NodeLifetime);

        await client.WaitForLineAsync("TRANSFER-START ", Step);
        var transfer = Json(await client.WaitForLineAsync("TRANSFER ", Step));
        var lines = client.Lines.ToList();
        var during = lines.Skip(lines.FindIndex(l => l.StartsWith("TRANSFER-START ", StringComparison.Ordinal)))
            .TakeWhile(l => !l.StartsWith("TRANSFER ", StringComparison.Ordinal))
            .Count(l => l.StartsWith("TURN ", StringComparison.Ordinal) && l.Contains("refreshed: lifetime 4 s", StringComparison.Ordinal));
        await TestContext.Out.WriteLineAsync($"transfer: {transfer}; refreshes during it: {during}");

        Assert.Multiple(() =>
        {
            Assert.That(lines.Any(l => l.Contains("lifetime 4 s", StringComparison.Ordinal) && l.Contains("allocation", StringComparison.Ordinal)), Is.True, "coturn granted the capped lifetime");
            Assert.That(during, Is.GreaterThanOrEqualTo(2), "the allocation was refreshed while data flowed");
            Assert.That(transfer.GetProperty("ms").GetInt64(), Is.GreaterThan(4000), "the transfer outlived the first lifetime");
            Assert.That(transfer.GetProperty("sha256").GetString(), Is.EqualTo("match"));
        });
    }

    [Test]
    public async Task Pipe_CoturnKilledMidTransfer_FailsPromptlyWithAnError()
    {
        var bed = Bed();
        var turn = await bed.StartTurnServerAsync(new TestbedTurnConfig { AuthSecret = _authSecret }, TurnLifetime);
        try
        {
            await using var server = bed.StartNode(bed.Hosts["sym2"], "serve", AcceptRelay, NodeLifetime);
            var record = await server.WaitForLineAsync("RECORD ", Step);

            // Far more than can be sent before the kill: the transfer can only end by failing.
            await using var client = bed.StartNode(bed.Hosts["sym1"], "connect",
                ["--record", record, "--count", "0", "--methods", "relay", .. SharedSecret(), "--send-mb", "100000", "--progress-mb", "4"], NodeLifetime);
            await client.WaitForLineAsync("PROGRESS ", Step);

            await turn.KillAsync();
            var sinceKill = Stopwatch.StartNew();
            var failed = Json(await client.WaitForLineAsync("TRANSFER-FAILED ", TimeSpan.FromSeconds(15)));
            sinceKill.Stop();
            await TestContext.Out.WriteLineAsync($"coturn killed; the sender's pipe failed {sinceKill.ElapsedMilliseconds} ms later: {failed}");

            Assert.Multiple(() =>
            {
                Assert.That(failed.GetProperty("method").GetString(), Is.EqualTo("relay"));
                Assert.That(failed.GetProperty("error").GetString(), Is.Not.Empty);
                Assert.That(failed.GetProperty("bytes").GetInt64(), Is.GreaterThanOrEqualTo(4L * 1024 * 1024).And.LessThan(100000L * 1024 * 1024));
                Assert.That(sinceKill.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "the pipe failed promptly, it did not hang");
            });
        }
        finally
        {
            await turn.DisposeAsync();
        }
    }

    [Test]
    public async Task Pipe_TurnHostVanishesSilentlyMidTransfer_BothSidesFailWithinTheDeadRelayBound()
    {
        // No reset this time: every packet to and from the TURN host is dropped, as when the relay machine loses power.
        // Keep-alive and TCP_USER_TIMEOUT (15 s) on the relay connections bound how long either side can wait.
        var bed = Bed();
        await using var turn = await bed.StartTurnServerAsync(new TestbedTurnConfig { AuthSecret = _authSecret }, TurnLifetime);
        try
        {
            await using var server = bed.StartNode(bed.Hosts["sym2"], "serve", AcceptRelay, NodeLifetime);
            var record = await server.WaitForLineAsync("RECORD ", Step);
            await using var client = bed.StartNode(bed.Hosts["sym1"], "connect",
                ["--record", record, "--count", "0", "--methods", "relay", .. SharedSecret(), "--send-mb", "100000", "--progress-mb", "4"], NodeLifetime);
            await client.WaitForLineAsync("PROGRESS ", Step);

            bed.CutTurnHost();
            var sinceCut = Stopwatch.StartNew();
            var sender = client.WaitForLineAsync("TRANSFER-FAILED ", TimeSpan.FromSeconds(40));
            var receiver = server.WaitForLineAsync("SINK-FAILED ", TimeSpan.FromSeconds(40));
            var failed = Json(await sender);
            var senderAfter = sinceCut.Elapsed;
            var sinkError = await receiver;
            var receiverAfter = sinceCut.Elapsed;
            await TestContext.Out.WriteLineAsync($"TURN host cut; sender failed after {senderAfter.TotalMilliseconds:0} ms: {failed}; receiver by {receiverAfter.TotalMilliseconds:0} ms: {sinkError}");

            Assert.Multiple(() =>
            {
                Assert.That(failed.GetProperty("error").GetString(), Is.Not.Empty);
                Assert.That(senderAfter, Is.LessThan(TimeSpan.FromSeconds(25)), "the sender did not hang on the silent relay");
                Assert.That(receiverAfter, Is.LessThan(TimeSpan.FromSeconds(25)), "the receiver did not hang on the silent relay");
            });
        }
        finally
        {
            bed.RestoreTurnHost();
        }
    }

    private static string[] AcceptRelay => ["--accept-relay", NatTestbed.TurnAddress.ToString()];

    private static string Turn(TestbedTurnServer turn) => turn.EndPoint.ToString();

    private static JsonElement Json(string line) => JsonDocument.Parse(line).RootElement.Clone();

    private static string? Attempt(JsonElement result, string method) =>
        result.GetProperty("attempts").EnumerateArray().Where(a => a.GetProperty("method").GetString() == method).Select(a => a.GetProperty("result").GetString()).FirstOrDefault();

    private string[] SharedSecret() => ["--turn", $"{NatTestbed.TurnAddress}:3478", "--turn-user", "sym1", "--turn-secret-file", SecretFile("auth-secret")];

    private string SecretFile(string name) => Path.Combine(_secrets ?? throw new InvalidOperationException("no secrets directory"), name);

    private NatTestbed Bed() => _bed ?? throw new InvalidOperationException("no testbed");
}
