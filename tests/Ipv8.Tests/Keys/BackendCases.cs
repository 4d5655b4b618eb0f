using Ipv8.Keys;

namespace Ipv8.Tests.Keys;

/// <summary>Test cases that run once per signature backend; libsodium cases are ignored only where it cannot load.</summary>
internal static class BackendCases
{
    internal static readonly SignatureBackendKind[] Kinds = [SignatureBackendKind.Libsodium, SignatureBackendKind.Managed];

    internal static ISignatureBackend Create(SignatureBackendKind kind)
    {
        if (kind == SignatureBackendKind.Libsodium && !SignatureBackendFactory.IsLibsodiumAvailable)
            Assert.Ignore("libsodium cannot be loaded on this machine.");
        return SignatureBackendFactory.Create(kind);
    }

    internal static KeyFactory Factory(SignatureBackendKind kind) => new(Create(kind));
}
