using Ipv8.Keys;

namespace Ipv8.Tests.Keys;

/// <summary>
/// Test cases that run once per signature backend. NSec ships libsodium in its NuGet runtimes folder, so its
/// cases always run: a machine where it does not load fails them instead of skipping them.
/// </summary>
internal static class BackendCases
{
    internal static readonly SignatureBackendKind[] Kinds = [SignatureBackendKind.NSec, SignatureBackendKind.Managed];

    internal static ISignatureBackend Create(SignatureBackendKind kind) => SignatureBackendFactory.Create(kind);

    internal static KeyFactory Factory(SignatureBackendKind kind) => new(Create(kind));
}
