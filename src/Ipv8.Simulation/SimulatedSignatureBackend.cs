using Ipv8.Keys;

namespace Ipv8.Simulation;

/// <summary>
/// Wraps the swarm's <see cref="ISignatureBackend"/> so keys made or parsed through the swarm's <see cref="KeyFactory"/>
/// reuse what the simulation already knows (<see cref="SignatureVerdicts"/>): a verify key answers from the verdict
/// computed while the datagram was in flight, or from the memo of signatures simulated keys made, and otherwise verifies
/// with the wrapped backend; a signing key signs with the wrapped backend and remembers the signature.
/// </summary>
/// <remarks>Keys, signatures and verdicts are byte-identical to the wrapped backend's. Thread-safe, as the wrapped backend.</remarks>
internal sealed class SimulatedSignatureBackend : ISignatureBackend
{
    private readonly ISignatureBackend _inner;
    private readonly SignatureVerdicts _verdicts;

    internal SimulatedSignatureBackend(ISignatureBackend inner, SignatureVerdicts verdicts)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(verdicts);
        _inner = inner;
        _verdicts = verdicts;
    }

    /// <inheritdoc/>
    public string Name => _inner.Name;

    /// <summary>Gets the backend that does the cryptography.</summary>
    internal ISignatureBackend Inner => _inner;

    /// <inheritdoc/>
    public Ed25519SigningKey ImportEd25519SigningKey(ReadOnlySpan<byte> seed) => new SigningKey(_inner.ImportEd25519SigningKey(seed), _verdicts);

    /// <inheritdoc/>
    public Ed25519VerifyKey ImportEd25519VerifyKey(ReadOnlySpan<byte> publicKey) => new VerifyKey(_inner.ImportEd25519VerifyKey(publicKey), _verdicts);

    /// <inheritdoc/>
    public void X25519PublicKeyFromSecret(ReadOnlySpan<byte> secret, Span<byte> publicKey) => _inner.X25519PublicKeyFromSecret(secret, publicKey);

    /// <inheritdoc/>
    public void FillRandom(Span<byte> buffer) => _inner.FillRandom(buffer);

    private sealed class SigningKey(Ed25519SigningKey inner, SignatureVerdicts verdicts) : Ed25519SigningKey(inner.PublicKey)
    {
        protected override void SignCore(ReadOnlySpan<byte> message, Span<byte> signature)
        {
            inner.Sign(message, signature);
            verdicts.Remember(PublicKey, message, signature);
        }
    }

    private sealed class VerifyKey(Ed25519VerifyKey inner, SignatureVerdicts verdicts) : Ed25519VerifyKey(inner.KeyBytes)
    {
        protected override bool VerifyCore(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message)
            => verdicts.TryGetVerdict(KeyBytes, signature, message, out var valid) ? valid : inner.Verify(signature, message);
    }
}
