namespace Ipv8.Keys;

/// <summary>Creates <see cref="ISignatureBackend"/> instances by <see cref="SignatureBackendKind"/>.</summary>
public static class SignatureBackendFactory
{
    /// <summary>
    /// Gets whether libsodium can be loaded and initialised in this process (tries <c>libsodium.so.23</c>,
    /// <c>libsodium.so</c>, <c>libsodium.so.26</c>, <c>libsodium.dylib</c>, <c>libsodium</c>). Never throws.
    /// </summary>
    public static bool IsLibsodiumAvailable => LibsodiumBackend.IsAvailable();

    /// <summary>
    /// Creates a backend. <see cref="SignatureBackendKind.Auto"/> picks libsodium when it loads and the
    /// managed backend otherwise.
    /// </summary>
    /// <exception cref="DllNotFoundException"><see cref="SignatureBackendKind.Libsodium"/> was asked for and libsodium cannot be loaded or initialised.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined value.</exception>
    public static ISignatureBackend Create(SignatureBackendKind kind = SignatureBackendKind.Auto) => kind switch
    {
        SignatureBackendKind.Auto => LibsodiumBackend.IsAvailable() ? new LibsodiumBackend() : new ManagedBackend(),
        SignatureBackendKind.Libsodium => new LibsodiumBackend(),
        SignatureBackendKind.Managed => new ManagedBackend(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown signature backend kind."),
    };
}
