using Ipv8.Keys;

namespace Ipv8.Tests.Keys;

public sealed class KeyStoreTests
{
    private KeyStore _store = null!;

    [SetUp]
    public void SetUp() => _store = new KeyStore(new KeyFactory(SignatureBackendKind.Managed));

    [Test]
    public void AddEphemeral_NewAlias_IsRetrievableAndListed()
    {
        var key = _store.AddEphemeral("anonymous id");
        Assert.Multiple(() =>
        {
            Assert.That(_store["anonymous id"], Is.SameAs(key));
            Assert.That(_store.TryGet("anonymous id", out var found), Is.True);
            Assert.That(found, Is.SameAs(key));
            Assert.That(_store.Aliases, Is.EquivalentTo(new[] { "anonymous id" }));
        });
    }

    [Test]
    public void Add_DuplicateAlias_ThrowsArgumentException()
    {
        _store.AddEphemeral("my peer");
        Assert.Throws<ArgumentException>(() => _store.Add("my peer", _store.Factory.GenerateCurve25519()));
        Assert.Throws<ArgumentException>(() => _store.Load("my peer", new KeySource()));
    }

    [Test]
    public void Indexer_UnknownAlias_ThrowsListingKnownAliases()
    {
        _store.AddEphemeral("my peer");
        var ex = Assert.Throws<KeyNotFoundException>(() => _ = _store["other"]);
        Assert.That(ex!.Message, Does.Contain("my peer"));
    }

    [Test]
    public void Load_Base64Bin_AddsThatIdentity()
    {
        var bin = KeyVectors.KeyHex("C", "private_key_bin_hex");
        var key = _store.Load("c", new KeySource(Bin: Convert.ToBase64String(bin)));
        Assert.That(key.PublicKey.MidHex, Is.EqualTo("dbcd0fc32842664756fa856f589a39e494759546"));
    }

    [Test]
    public void Load_EcGeneration_AddsEcKey()
    {
        var key = _store.Load("tracker", new KeySource("very-low"));
        Assert.That(key.SignatureLength, Is.EqualTo(42));
    }

    [Test]
    public void Stores_AreIndependentInstances()
    {
        var other = new KeyStore(_store.Factory);
        _store.AddEphemeral("x");
        Assert.That(other.TryGet("x", out _), Is.False);
    }
}
