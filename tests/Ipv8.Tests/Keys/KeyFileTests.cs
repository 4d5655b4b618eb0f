using Ipv8.Keys;

namespace Ipv8.Tests.Keys;

public sealed class KeyFileTests
{
    private readonly KeyFactory _factory = new(SignatureBackendKind.Managed);
    private string _directory = null!;
    private KeyFile _keyFile = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Directory.CreateTempSubdirectory("ipv8-keyfile-").FullName;
        _keyFile = new KeyFile(_factory);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    [Test]
    public void LoadOrCreate_NoFile_WritesKeyBinWithOwnerOnlyMode()
    {
        var path = PathOf("ec_multichain.pem");
        var key = _keyFile.LoadOrCreate(path, _factory.GenerateCurve25519);
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(key.KeyBin.ToArray()));
        if (!OperatingSystem.IsWindows())
            Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }

    [Test]
    public void LoadOrCreate_ExistingFile_LoadsItAndDoesNotOverwrite()
    {
        var path = PathOf("key.bin");
        var existing = KeyVectors.KeyHex("A", "private_key_bin_hex");
        File.WriteAllBytes(path, existing);
        var created = 0;
        var key = _keyFile.LoadOrCreate(path, () =>
        {
            created++;
            return _factory.GenerateCurve25519();
        });
        Assert.Multiple(() =>
        {
            Assert.That(created, Is.Zero);
            Assert.That(key.PublicKey.MidHex, Is.EqualTo("3248dfc6ec39648631f1dcc16d73d0b7d67510b6"));
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(existing));
        });
    }

    [Test]
    public void TryCreate_FileExists_ReturnsFalseAndLeavesContent()
    {
        var path = PathOf("key.bin");
        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.That(_keyFile.TryCreate(path, _factory.GenerateCurve25519()), Is.False);
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [TestCase(new byte[0])]
    [TestCase(new byte[] { 0x4c, 0x69, 0x62, 0x4e, 0x61, 0x43, 0x4c, 0x53, 0x4b, 0x3a, 1, 2 })]
    [TestCase(new byte[] { 0x30, 0x82, 0xFF })]
    public void Load_CorruptFile_ThrowsKeyFileExceptionNamingFileAndLeavesIt(byte[] content)
    {
        var path = PathOf("corrupt.pem");
        File.WriteAllBytes(path, content);
        var ex = Assert.Throws<KeyFileException>(() => _keyFile.LoadOrCreate(path, _factory.GenerateCurve25519));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain(path).And.Contain("does not hold a private key"));
            Assert.That(ex.FilePath, Is.EqualTo(path));
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(content));
        });
    }

    [Test]
    public void Load_MissingFile_ThrowsKeyFileExceptionNamingFile()
    {
        var path = PathOf("missing.pem");
        var ex = Assert.Throws<KeyFileException>(() => _keyFile.Load(path));
        Assert.That(ex!.Message, Does.Contain(path).And.Contain("cannot be read"));
    }

    [Test]
    public void Load_OversizedFile_ThrowsKeyFileException()
    {
        var path = PathOf("huge.pem");
        File.WriteAllBytes(path, new byte[KeyFile.MaxLength + 1]);
        var ex = Assert.Throws<KeyFileException>(() => _keyFile.Load(path));
        Assert.That(ex!.Message, Does.Contain(path));
    }

    [TestCase("curve25519")]
    [TestCase("very-low")]
    public void Resolve_GenerationThenReload_RoundTripsSameIdentity(string generation)
    {
        var source = new KeySource(generation, PathOf(generation + ".pem"));
        var first = _keyFile.Resolve(source);
        var second = _keyFile.Resolve(source);
        Assert.Multiple(() =>
        {
            Assert.That(second.PublicKey, Is.EqualTo(first.PublicKey));
            Assert.That(second.KeyBin.ToArray(), Is.EqualTo(first.KeyBin.ToArray()));
        });
    }

    [Test]
    public void Resolve_Base64BinAndFile_WritesThatKey()
    {
        var bin = KeyVectors.KeyHex("B", "private_key_bin_hex");
        var path = PathOf("b.pem");
        var key = _keyFile.Resolve(new KeySource(Bin: Convert.ToBase64String(bin), File: path));
        Assert.Multiple(() =>
        {
            Assert.That(key.KeyBin.ToArray(), Is.EqualTo(bin));
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(bin));
        });
    }

    [Test]
    public void Resolve_InvalidBase64_ThrowsKeyFormatException()
    {
        Assert.Throws<KeyFormatException>(() => _keyFile.Resolve(new KeySource(Bin: "not base64!")));
    }
}
