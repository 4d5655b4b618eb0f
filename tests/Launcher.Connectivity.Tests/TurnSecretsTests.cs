using Launcher.Definitions;

namespace Launcher.Connectivity.Tests;

/// <summary>TURN secrets come from the files or environment variables the entry names; errors name the source, never the secret.</summary>
[TestFixture]
public sealed class TurnSecretsTests
{
    [Test]
    public void ServerOf_PasswordFromVariable_UsesItAndNeverShowsIt()
    {
        var entry = new TurnServerDefinition { Host = "127.0.0.1", Port = 3478, Username = "alice", PasswordEnv = "TURN_PW" };

        var server = TurnSecrets.ServerOf(entry, ".", name => name == "TURN_PW" ? "s3cret-value" : null);

        Assert.Multiple(() =>
        {
            Assert.That(server.EndPoint.ToString(), Is.EqualTo("127.0.0.1:3478"));
            Assert.That(server.Credentials.User, Is.EqualTo("alice"));
            Assert.That(server.ToString(), Does.Not.Contain("s3cret-value"));
        });
    }

    [Test]
    public void ServerOf_VariableUnset_ErrorNamesTheVariable()
    {
        var entry = new TurnServerDefinition { Host = "127.0.0.1", AuthSecretEnv = "TURN_SECRET_UNSET" };

        var error = Assert.Throws<InvalidOperationException>(() => TurnSecrets.ServerOf(entry, ".", _ => null))!;

        Assert.That(error.Message, Does.Contain("TURN_SECRET_UNSET").And.Contain("not set"));
    }

    [Test]
    public void ServerOf_MissingFile_ErrorNamesTheFile()
    {
        var entry = new TurnServerDefinition { Host = "127.0.0.1", Username = "alice", PasswordFile = "no-such-secret-file" };

        var error = Assert.Throws<InvalidOperationException>(() => TurnSecrets.ServerOf(entry, Path.GetTempPath(), _ => null))!;

        Assert.That(error.Message, Does.Contain("no-such-secret-file"));
    }
}
