using Ipv8.Keys;
using Launcher.Configuration;
using Launcher.Definitions;
using Launcher.Launching;
using Microsoft.Extensions.Logging.Abstractions;

namespace Launcher.Tests.Launching;

/// <summary>
/// The model's key check (<c>generate: false</c>) makes no key for a key that would be generated, yet refuses what the
/// host's start would refuse, with the same words.
/// </summary>
public sealed class PreparedIdentitiesTests
{
    private static (PreparedIdentities Prepared, ErrorList Errors) Prepare(KeyDefinition key, bool generate)
    {
        var factory = new KeyFactory();
        var errors = new ErrorList();
        var prepared = PreparedIdentities.Prepare([key], new HashSet<string> { key.Alias }, factory, new KeyFile(factory, NullLogger<KeyFile>.Instance), Path.GetTempPath(), TimeProvider.System, errors, generate);
        return (prepared, errors);
    }

    [Test]
    public void Prepare_CheckOnlyKnownLevel_NoKeyAndNoError()
    {
        var (prepared, errors) = Prepare(new KeyDefinition { Alias = "id", Ephemeral = true }, generate: false);

        Assert.That(errors.Errors, Is.Empty);
        Assert.That(prepared.Peers, Is.Empty, "checking does not generate");
    }

    [Test]
    public void Prepare_CheckOnlyUnknownLevel_SameErrorAsGenerating()
    {
        var key = new KeyDefinition { Alias = "id", Generation = "extreme", Ephemeral = true };

        var (_, checkedOnly) = Prepare(key, generate: false);
        var (_, generated) = Prepare(key, generate: true);

        Assert.That(checkedOnly.Errors, Has.Count.EqualTo(1));
        Assert.That(checkedOnly.Errors.Select(e => e.ToString()), Is.EqualTo(generated.Errors.Select(e => e.ToString())));
    }

    [Test]
    public void Prepare_CheckOnlyNewFileInMissingDirectory_SameErrorAsGenerating()
    {
        var file = Path.Combine(Path.GetTempPath(), $"launcher-missing-{Guid.NewGuid():N}", "key.pem");
        var key = new KeyDefinition { Alias = "id", File = file };

        var (_, checkedOnly) = Prepare(key, generate: false);
        var (_, generated) = Prepare(key, generate: true);

        Assert.That(checkedOnly.Errors, Has.Count.EqualTo(1));
        Assert.That(checkedOnly.Errors.Select(e => e.ToString()), Is.EqualTo(generated.Errors.Select(e => e.ToString())));
    }

    [Test]
    public void CheckSecurityLevel_EveryKnownLevel_Passes()
    {
        Assert.That(() => { foreach (var level in KeyFactory.SecurityLevels) KeyFactory.CheckSecurityLevel(level); }, Throws.Nothing);
    }
}
