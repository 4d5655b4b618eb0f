using System.Text.Json;
using Ipv8.Connectivity.Tests.Turn;

namespace Launcher.Connectivity.Tests;

/// <summary><c>methods: [relay]</c> through a real coturn on loopback: the relay wins and <c>launcher connect</c> says so; a wrong password fails clearly; secrets stay out of every output.</summary>
[TestFixture]
[NonParallelizable]
public sealed class RelayConnectTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private string _directory = "";

    [SetUp]
    public void SetUp() => _directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"launcher-relay-{Guid.NewGuid():N}")).FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task Connect_RelayOnly_RelayWinsAndEchoes()
    {
        await using var coturn = await CoturnServer.StartAsync();
        var (code, line, error) = await ConnectThroughAsync(coturn, CoturnServer.Password, "through the relay");

        using var json = JsonDocument.Parse(line);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, line + "\n" + error + "\n" + coturn.Output);
            Assert.That(json.RootElement.GetProperty("method").GetString(), Is.EqualTo("relay"));
            Assert.That(json.RootElement.GetProperty("reply").GetString(), Is.EqualTo("through the relay"));
            Assert.That(line + error, Does.Not.Contain(CoturnServer.Password));
        });
    }

    [Test]
    public async Task Connect_WrongTurnPassword_FailsWithReasonAndNoSecret()
    {
        await using var coturn = await CoturnServer.StartAsync();
        const string wrong = "not-the-password-5d1e";
        var (code, line, error) = await ConnectThroughAsync(coturn, wrong, "never arrives");

        using var json = JsonDocument.Parse(line);
        var attempt = json.RootElement.GetProperty("attempts").EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1), line);
            Assert.That(attempt.GetProperty("method").GetString(), Is.EqualTo("relay"));
            Assert.That(attempt.GetProperty("result").GetString(), Is.Not.EqualTo("ok").And.Not.Empty);
            Assert.That(line + error, Does.Not.Contain(wrong).And.Not.Contain(CoturnServer.Password));
        });
    }

    private async Task<(int Code, string Line, string Error)> ConnectThroughAsync(CoturnServer coturn, string clientPassword, string message)
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "served-secret"), CoturnServer.Password + "\n");
        await File.WriteAllTextAsync(Path.Combine(_directory, "client-secret"), clientPassword + "\n");
        string Section(string secretFile) =>
            $"connectivity:\n  methods: [relay]\n  budgets: {{ relay: 10 }}\n  turn:\n    - address: [\"127.0.0.1\", {coturn.EndPoint.Port}]\n"
            + $"      username: {CoturnServer.User}\n      password_file: {secretFile}\n";
        var served = Path.Combine(_directory, "served.yaml");
        var client = Path.Combine(_directory, "client.yaml");
        await File.WriteAllTextAsync(served, LoopbackNodes.Yaml(Section("served-secret")));
        await File.WriteAllTextAsync(client, LoopbackNodes.Yaml(Section("client-secret")));
        using var start = new CancellationTokenSource(StartTimeout);
        await using var node = await LoopbackNodes.StartAsync(served, start.Token);

        var standardError = Console.Error;
        using var errors = new StringWriter();
        Console.SetError(errors);
        try
        {
            var (code, line) = await LoopbackNodes.ConnectAsync(client, LoopbackNodes.AddressOf(node), message);
            return (code, line, errors.ToString());
        }
        finally
        {
            Console.SetError(standardError);
        }
    }
}
