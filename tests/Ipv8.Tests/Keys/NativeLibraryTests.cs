using Ipv8.Keys;

namespace Ipv8.Tests.Keys;

/// <summary>NSec's libsodium comes from the application's own NuGet runtimes folder, not from a system package.</summary>
public sealed class NativeLibraryTests
{
    [Test]
    public void NSecBackend_AfterSigning_MapsLibsodiumFromTheRuntimesFolder()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/self/maps"))
            Assert.Ignore("/proc/self/maps exists only on Linux.");
        var key = BackendCases.Create(SignatureBackendKind.NSec).ImportEd25519SigningKey(new byte[32]);
        key.Sign([1], new byte[64]);

        var sodiumMappings = File.ReadLines("/proc/self/maps").Where(line => line.Contains("libsodium", StringComparison.Ordinal)).ToList();

        var expectedDirectory = Path.Combine(AppContext.BaseDirectory, "runtimes");
        Assert.Multiple(() =>
        {
            Assert.That(sodiumMappings, Is.Not.Empty);
            Assert.That(sodiumMappings, Has.All.Contains(expectedDirectory).And.All.Contains("/native/libsodium.so"));
        });
    }
}
