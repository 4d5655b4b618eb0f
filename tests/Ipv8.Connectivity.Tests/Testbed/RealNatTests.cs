using System.Text.Json;
using Ipv8.Connectivity.TestNode;

namespace Ipv8.Connectivity.Tests.Testbed;

/// <summary>
/// The connection ladder across real Linux NATs (network namespaces, nftables; see <see cref="NatTestbed"/>): each rung
/// wins where it should and fails where it must. Needs root, <c>ip</c> and <c>nft</c>; otherwise every test reports
/// itself skipped with the reason. Nodes are child processes (<c>ip netns exec NS dotnet Ipv8.Connectivity.TestNode.dll</c>)
/// that end by themselves; the testbed is removed in teardown, also after a failure.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category("netns")]
public sealed class RealNatTests
{
    private static readonly TimeSpan NodeLifetime = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(25);
    private NatTestbed? _bed;

    [OneTimeSetUp]
    public async Task BuildTestbed()
    {
        if (NatTestbed.Unavailable() is { } reason)
            Assert.Ignore($"Real-NAT testbed unavailable: {reason}.");
        _bed = NatTestbed.Build(NodePath());
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
    }

    [Test]
    public async Task ConnectAsync_ToTheOpenHost_DirectWins()
    {
        var (result, _, _) = await ConnectAsync("pr1", "open");

        Assert.Multiple(() =>
        {
            Assert.That(Method(result), Is.EqualTo("direct"));
            Assert.That(result.GetProperty("reply").GetString(), Is.EqualTo("hello 0"));
        });
    }

    [Test]
    public async Task ConnectAsync_OnlyTheRequesterIsReachable_ReverseWinsAfterDirectFails()
    {
        var (result, _, _) = await ConnectAsync("open", "pr1");

        Assert.Multiple(() =>
        {
            Assert.That(Method(result), Is.EqualTo("reverse"));
            Assert.That(Attempt(result, "direct"), Does.Contain("budget"), "the NAT's firewall dropped the direct SYN");
            Assert.That(result.GetProperty("reply").GetString(), Is.EqualTo("hello 0"));
        });
    }

    [Test]
    public async Task ConnectAsync_PortRestrictedToFullCone_TcpPunchWinsAfterDirectAndReverseFail()
    {
        var (result, requesterNat, responderNat) = await ConnectAsync("pr1", "eim");

        Assert.Multiple(() =>
        {
            Assert.That(Method(result), Is.EqualTo("tcp_punch"));
            Assert.That(Attempt(result, "direct"), Is.Not.EqualTo("ok"));
            Assert.That(Attempt(result, "reverse"), Is.Not.EqualTo("ok"));
            Assert.That(requesterNat, Does.Contain("filtering=AddressAndPortDependent"), "the port-restricted NAT is classified as such");
            Assert.That(responderNat, Does.Contain("mapping=EndpointIndependent filtering=EndpointIndependent"), "the full-cone NAT is classified as such");
        });
    }

    [Test]
    public async Task ConnectAsync_TwoPortRestrictedNats_TcpPunchWins()
    {
        var (result, _, _) = await ConnectAsync("pr1", "pr2", "tcp_punch", "5000");

        Assert.Multiple(() =>
        {
            Assert.That(Method(result), Is.EqualTo("tcp_punch"));
            Assert.That(result.GetProperty("reply").GetString(), Is.EqualTo("hello 0"));
        });
    }

    [Test]
    public async Task ConnectAsync_TwoRandomPortSymmetricNats_TcpPunchFailsSayingWhy()
    {
        var (result, requesterNat, responderNat) = await ConnectAsync("sym1", "sym2", "tcp_punch", "5000");

        Assert.Multiple(() =>
        {
            Assert.That(Method(result), Is.EqualTo("none"));
            Assert.That(Attempt(result, "tcp_punch"), Does.Contain("random port"));
            Assert.That(requesterNat, Does.Contain("mapping=AddressAndPortDependent").And.Contain("allocation=Random"));
            Assert.That(responderNat, Does.Contain("mapping=AddressAndPortDependent").And.Contain("allocation=Random"));
        });
    }

    [Test]
    public async Task ConnectAsync_SequentialSymmetricNatToPortRestricted_TcpPunchWinsThroughPortPrediction()
    {
        // The random-port NAT in the same position fails (see TestbedBench's sym1 → pr1 row): the port-restricted side
        // admits our SYN only from the public port it punched toward, so only a correct prediction gets through.
        var (result, requesterNat, _) = await ConnectAsync("seq1", "pr1", "tcp_punch", "5000");

        Assert.Multiple(() =>
        {
            Assert.That(requesterNat, Does.Contain("mapping=AddressAndPortDependent").And.Contain("allocation=Sequential(+1)"), "the sequential NAT is classified with its delta");
            Assert.That(Method(result), Is.EqualTo("tcp_punch"));
            Assert.That(result.GetProperty("reply").GetString(), Is.EqualTo("hello 0"));
        });
    }

    [Test]
    public async Task ConnectAsync_PortRestrictedToSequentialSymmetricNat_TcpPunchWinsThroughPortPrediction()
    {
        var (result, _, responderNat) = await ConnectAsync("pr1", "seq1", "tcp_punch", "5000");

        Assert.Multiple(() =>
        {
            Assert.That(responderNat, Does.Contain("allocation=Sequential(+1)"));
            Assert.That(Method(result), Is.EqualTo("tcp_punch"));
            Assert.That(result.GetProperty("reply").GetString(), Is.EqualTo("hello 0"));
        });
    }

    [Test]
    public async Task ConnectAsync_RandomPortSymmetricNatToPortRestricted_TcpPunchFailsSayingWhy()
    {
        var (result, _, _) = await ConnectAsync("sym1", "pr1", "tcp_punch", "3000");

        Assert.Multiple(() =>
        {
            Assert.That(Method(result), Is.EqualTo("none"));
            Assert.That(Attempt(result, "tcp_punch"), Does.Contain("allocates ports at random"));
        });
    }

    private static string NodePath() => typeof(NatTestbed).Assembly.Location;

    private static string? Method(JsonElement result) => result.GetProperty("method").GetString();

    private static string? Attempt(JsonElement result, string method) =>
        result.GetProperty("attempts").EnumerateArray().Where(a => a.GetProperty("method").GetString() == method).Select(a => a.GetProperty("result").GetString()).FirstOrDefault();

    private async Task<(JsonElement Result, string RequesterNat, string ResponderNat)> ConnectAsync(string from, string to, string methods = "direct,reverse,tcp_punch", string budgets = "1000,1000,5000")
    {
        var bed = _bed ?? throw new InvalidOperationException("no testbed");
        await using var server = bed.StartNode(bed.Hosts[to], "serve", ["--methods", methods], NodeLifetime);
        var responderNat = await server.WaitForLineAsync("NAT ", Step);
        var record = await server.WaitForLineAsync("RECORD ", Step);
        await using var client = bed.StartNode(bed.Hosts[from], "connect", ["--record", record, "--count", "1", "--methods", methods, "--budgets-ms", budgets], NodeLifetime);
        var requesterNat = await client.WaitForLineAsync("NAT ", Step);
        var line = await client.WaitForLineAsync("RESULT ", Step);
        TestContext.Out.WriteLine($"{from} ({requesterNat}) -> {to} ({responderNat}): {line}");
        return (JsonDocument.Parse(line).RootElement.Clone(), requesterNat, responderNat);
    }
}
