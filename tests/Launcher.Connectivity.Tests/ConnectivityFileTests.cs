using Launcher.Cli;
using Launcher.Configuration;
using Launcher.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Launcher.Connectivity.Tests;

/// <summary>The <c>connectivity:</c> section: bound at load, and bad sections refused by validate, plan and run alike with the line of the problem.</summary>
[TestFixture]
public sealed class ConnectivityFileTests
{
    private const string Head = "interfaces: [{ interface: UDPIPv4, ip: 127.0.0.1, port: 0 }]\nkeys: [{ alias: me, generation: curve25519, ephemeral: true }]\n"
        + "overlays:\n  - class: GenericOverlay\n    community_id: 00112233445566778899aabbccddeeff00112233\n";

    private static readonly (string Name, string Section, string Expected)[] Corpus =
    [
        ("inline password", "connectivity:\n  methods: [relay]\n  turn:\n    - address: [\"127.0.0.1\", 3478]\n      username: alice\n      password: hunter2\n", "unknown setting 'password'"),
        ("unknown method", "connectivity:\n  methods: [direct, teleport]\n", "teleport"),
        ("zero budget", "connectivity:\n  budgets: { direct: 0 }\n", "budgets.direct"),
        ("negative budget", "connectivity:\n  default_budget: -1\n", "default_budget"),
        ("budget for a method not listed", "connectivity:\n  methods: [direct]\n  budgets: { reverse: 2 }\n", "a budget for 'reverse', which methods does not list"),
        ("relay without turn", "connectivity:\n  methods: [direct, relay]\n", "the relay method needs at least one turn: entry"),
        ("turn without a secret source", "connectivity:\n  turn:\n    - address: [\"127.0.0.1\", 3478]\n      username: alice\n", "a TURN entry needs one secret source"),
        ("turn with two secret sources", "connectivity:\n  turn:\n    - address: [\"127.0.0.1\", 3478]\n      username: alice\n      password_file: a\n      password_env: B\n", "exactly one secret source"),
        ("long-term credentials without user", "connectivity:\n  turn:\n    - address: [\"127.0.0.1\", 3478]\n      password_file: a\n", "need a username"),
        ("turn address not an IP", "connectivity:\n  turn:\n    - address: [\"turn.example\", 3478]\n      auth_secret_env: S\n", "'turn.example' is not an IP address"),
        ("listen address not an IP", "connectivity:\n  listen: { ip: localhost }\n", "'localhost' is not an IP address"),
        ("unknown handler", "connectivity:\n  handlers: [echo, ecoh2]\n", "unknown pipe handler 'ecoh2'; did you mean 'echo'?"),
    ];

    private string _directory = "";

    [SetUp]
    public void SetUp() => _directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"launcher-conn-{Guid.NewGuid():N}")).FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private static IEnumerable<TestCaseData> Cases() => Corpus.Select(c => new TestCaseData(c.Section, c.Expected).SetName($"Commands_{c.Name.Replace(' ', '_').Replace(':', '_')}_RefuseAlike"));

    [TestCaseSource(nameof(Cases))]
    public async Task Commands_BadConnectivity_RefuseAlike(string section, string expected)
    {
        var path = Path.Combine(_directory, "bad.yaml");
        await File.WriteAllTextAsync(path, Head + section);

        var validate = Assert.Throws<ConfigurationException>(() => ModelLoading.LoadChecked(path, pluginsDirectory: null))!;
        var plan = Assert.Throws<ConfigurationException>(() => ModelLoading.Load(path, pluginsDirectory: null))!;
        var run = await RunRefusalAsync(path);

        Assert.Multiple(() =>
        {
            Assert.That(validate.Message, Does.Contain(expected));
            Assert.That(validate.Message, Does.Contain("bad.yaml:"), "the error names the file and line");
            Assert.That(validate.Message, Does.Not.Contain("hunter2"), "a secret written inline is never echoed");
            Assert.That(plan.Errors, Is.EqualTo(validate.Errors), "plan refuses with the same errors");
            Assert.That(run.Errors, Is.EqualTo(validate.Errors), "run refuses with the same errors");
        });
    }

    [Test]
    public async Task Load_FullSection_BindsEveryValue()
    {
        var path = Path.Combine(_directory, "good.yaml");
        await File.WriteAllTextAsync(path, Head + "connectivity:\n  listen: { ip: 127.0.0.1, port: 0 }\n  methods: [reverse, direct, relay]\n"
            + "  budgets: { direct: 1.5, relay: 10 }\n  default_budget: 4\n  stun_servers: [[\"127.0.0.1\", 3478]]\n  handlers: [echo]\n"
            + "  turn:\n    - address: [\"127.0.0.1\", 3479]\n      username: alice\n      password_file: secret.txt\n    - address: [\"127.0.0.2\", 3478]\n      auth_secret_env: TURN_SECRET\n");

        var section = new ConfigurationLoader().Load(path).Connectivity!;

        Assert.Multiple(() =>
        {
            Assert.That(section.ListenIp, Is.EqualTo("127.0.0.1"));
            Assert.That(section.Methods.Items, Is.EqualTo(new[] { "reverse", "direct", "relay" }));
            Assert.That(section.BudgetOf("direct"), Is.EqualTo(TimeSpan.FromSeconds(1.5)));
            Assert.That(section.BudgetOf("reverse"), Is.EqualTo(TimeSpan.FromSeconds(4)));
            Assert.That(section.StunServers.Items.Single(), Is.EqualTo(KeyValuePair.Create("127.0.0.1", 3478)));
            Assert.That(section.Turn.Items.Select(t => (t.Host, t.Port, t.Username, t.PasswordFile, t.AuthSecretEnv)),
                Is.EqualTo(new[] { ("127.0.0.1", 3479, "alice", (string?)"secret.txt", (string?)null), ("127.0.0.2", 3478, "", null, "TURN_SECRET") }));
        });
    }

    private static async Task<ConfigurationException> RunRefusalAsync(string path)
    {
        try
        {
            await using var services = ModelLoading.CreateProvider(b => ModelLoading.Configure(b, path, pluginsDirectory: null), path, port: null, _ => NullLoggerFactory.Instance);
            await services.GetRequiredService<IOverlayLauncherService>().StartAsync();
        }
        catch (ConfigurationException exception)
        {
            return exception;
        }

        Assert.Fail("run accepted the file");
        return null!;
    }
}
