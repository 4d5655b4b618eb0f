using System.Net;
using Launcher.Definitions;

namespace Launcher.Cli.Tests;

/// <summary>How <c>run</c> combines <c>--api</c>/<c>--api-key-file</c> with the file's <c>api:</c> section.</summary>
[TestFixture]
public sealed class ApiOptionsTests
{
    private static readonly string FileDirectory = Path.Combine(Path.GetTempPath(), "api-options-node");

    private static ApiDefinition Section(string address = "127.0.0.1:9100", string? keyFile = null, string? keyEnv = null) => new()
    {
        Address = address,
        ApiKeyFile = keyFile,
        ApiKeyEnv = keyEnv,
        Origin = Origin.InFile(Path.Combine(FileDirectory, "node.yaml"), 7, 1),
    };

    [Test]
    public void Resolve_NeitherOptionNorSection_NoApi() => Assert.That(ApiOptions.Resolve(null, null, null), Is.Null);

    [Test]
    public void Resolve_SectionOnly_ItsAddressAndKeyFileBesideTheConfiguration()
    {
        var options = ApiOptions.Resolve(null, null, Section(keyFile: "secrets/api.key"))!;

        Assert.Multiple(() =>
        {
            Assert.That(options.Endpoint, Is.EqualTo(new IPEndPoint(IPAddress.Loopback, 9100)));
            Assert.That(options.ApiKeyFile, Is.EqualTo(Path.Combine(FileDirectory, "secrets", "api.key")));
        });
    }

    [Test]
    public void Resolve_SectionWithKeyVariable_ThatVariable() =>
        Assert.That(ApiOptions.Resolve(null, null, Section(keyEnv: "NODE_API_KEY"))!.ApiKeyEnvironmentVariable, Is.EqualTo("NODE_API_KEY"));

    [Test]
    public void Resolve_OptionsAndSection_TheOptionsWin()
    {
        var options = ApiOptions.Resolve("127.0.0.1:9200", "cli.key", Section(keyFile: "file.key"))!;

        Assert.Multiple(() =>
        {
            Assert.That(options.Endpoint.Port, Is.EqualTo(9200));
            Assert.That(options.ApiKeyFile, Is.EqualTo("cli.key"));
        });
    }

    [Test]
    public void Resolve_ApiOptionOnly_DefaultKeyVariable()
    {
        var options = ApiOptions.Resolve("9300", null, null)!;

        Assert.Multiple(() =>
        {
            Assert.That(options.Endpoint, Is.EqualTo(new IPEndPoint(IPAddress.Loopback, 9300)));
            Assert.That(options.ApiKeyFile, Is.Null);
            Assert.That(options.ApiKeyEnvironmentVariable, Is.EqualTo("LAUNCHER_API_KEY"));
        });
    }

    [Test]
    public void Resolve_ApiOptionNotAnEndpoint_ArgumentExceptionNamingTheOption() =>
        Assert.That(() => ApiOptions.Resolve("somewhere", null, Section()), Throws.ArgumentException.With.Message.Contains("--api: 'somewhere'"));
}
