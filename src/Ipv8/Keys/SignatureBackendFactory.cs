namespace Ipv8.Keys;

/// <summary>Creates <see cref="ISignatureBackend"/> instances by <see cref="SignatureBackendKind"/>.</summary>
public static class SignatureBackendFactory
{
    /// <summary>
    /// Gets whether NSec's libsodium (from the NSec/libsodium packages' runtimes folder next to the application)
    /// loads and initialises in this process. Never throws.
    /// </summary>
    public static bool IsNSecAvailable => NSecBackend.IsAvailable();

    /// <summary>
    /// Creates a backend. <see cref="SignatureBackendKind.Auto"/> picks NSec when it loads and the managed
    /// backend otherwise.
    /// </summary>
    /// <exception cref="DllNotFoundException"><see cref="SignatureBackendKind.NSec"/> was asked for and its libsodium cannot be loaded or initialised.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined value.</exception>
    public static ISignatureBackend Create(SignatureBackendKind kind = SignatureBackendKind.Auto) => kind switch
    {
        SignatureBackendKind.Auto => NSecBackend.IsAvailable() ? new NSecBackend() : new ManagedBackend(),
        SignatureBackendKind.NSec => new NSecBackend(),
        SignatureBackendKind.Managed => new ManagedBackend(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown signature backend kind."),
    };
}
