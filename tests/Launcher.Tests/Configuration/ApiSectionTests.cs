using Launcher.Configuration;
using Launcher.Definitions;
using Launcher.Tests.Support;

namespace Launcher.Tests.Configuration;

/// <summary>The <c>api:</c> section (issue 13): bound, written back, and checked like every section (file, line, setting in each error).</summary>
public sealed class ApiSectionTests
{
    [Test]
    public void Load_FullSection_BoundWithItsOrigin()
    {
        var configuration = TestFiles.Load("node.yaml", "api:\n  address: \"127.0.0.1:8085\"\n  api_key_file: secrets/api.key\n");

        Assert.That(configuration.Api, Is.EqualTo(new ApiDefinition { Address = "127.0.0.1:8085", ApiKeyFile = "secrets/api.key" }));
        Assert.That(configuration.Api!.Origin.Line, Is.EqualTo(2));
    }

    [Test]
    public void Load_NoSection_NoApi() => Assert.That(TestFiles.Load("node.yaml", "overlays: []\n").Api, Is.Null);

    [Test]
    public void Load_EmptySection_DefaultLoopbackAddress() =>
        Assert.That(TestFiles.Load("node.yaml", "api: {}\n").Api!.Address, Is.EqualTo(ApiDefinition.DefaultAddress));

    [TestCase("8085")]
    [TestCase("127.0.0.1:0")]
    [TestCase("\"[::1]:8085\"")]
    public void Load_LoopbackAddresses_Accepted(string address) =>
        Assert.That(TestFiles.Load("node.yaml", $"api: {{ address: {address} }}\n").Api, Is.Not.Null);

    [Test]
    public void Load_AddressNotAnEndpoint_FileLineAndSetting() =>
        Assert.That(Errors("api:\n  address: localhost:80:80\n"), Is.EqualTo(new[] { "node.yaml:2:12: api.address: 'localhost:80:80' is not PORT, IP:PORT or [IPv6]:PORT (e.g. 127.0.0.1:8085)" }));

    [Test]
    public void Load_NonLoopbackWithoutKey_Error() =>
        Assert.That(Errors("api:\n  address: 0.0.0.0:8085\n"), Has.One.StartsWith("node.yaml:2:12: api.address:").And.One.Contains("not a loopback address").And.One.Contains("api_key_file or api_key_env"));

    [TestCase("api_key_file: api.key")]
    [TestCase("api_key_env: NODE_API_KEY")]
    public void Load_NonLoopbackWithKeySource_Accepted(string key) =>
        Assert.That(TestFiles.Load("node.yaml", $"api:\n  address: 0.0.0.0:8085\n  {key}\n").Api!.NamesKey, Is.True);

    [Test]
    public void Load_BothKeySources_ErrorAtTheSecond() =>
        Assert.That(Errors("api:\n  api_key_file: api.key\n  api_key_env: NODE_API_KEY\n"), Is.EqualTo(new[] { "node.yaml:3:16: api.api_key_env: give the API key once: api_key_file or api_key_env, not both" }));

    [Test]
    public void Load_InlineKeyOrUnknownSetting_RefusedBySchema() =>
        Assert.That(Errors("api:\n  api_key: secret\n"), Has.One.StartsWith("node.yaml:2:").And.One.Contains("api_key"));

    [Test]
    public void ToValue_Section_RoundTripsThroughTheLoader()
    {
        var configuration = TestFiles.Load("node.yaml", "api: { address: \"0.0.0.0:9000\", api_key_env: NODE_API_KEY }\n");
        var written = ConfigurationWriter.ToValue(configuration);
        var again = TestFiles.Load("again.json", written.ToJson());

        Assert.That(again.Api, Is.EqualTo(configuration.Api));
    }

    private static IReadOnlyList<string> Errors(string text)
    {
        TestFiles.LoadOrErrors("node.yaml", text, out var errors);
        return [.. errors.Errors.Select(e => e.ToString())];
    }
}
