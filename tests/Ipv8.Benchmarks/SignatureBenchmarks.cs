using BenchmarkDotNet.Attributes;
using Ipv8.Keys;

namespace Ipv8.Benchmarks;

/// <summary>
/// The bare Ed25519 primitives of a signature backend (keys imported once, as the key classes do), on a message
/// as long as the signed part of an introduction-request (131 bytes): the floor under every signed message
/// received or sent.
/// </summary>
[MemoryDiagnoser]
public class SignatureBenchmarks
{
    /// <summary>The signed part of an old-format introduction-request with a curve25519 key is 131 bytes.</summary>
    public const int MessageLength = 131;

    private readonly byte[] _message = new byte[MessageLength];
    private readonly byte[] _signature = new byte[ISignatureBackend.Ed25519SignatureSize];
    private Ed25519SigningKey _signingKey = null!;
    private Ed25519VerifyKey _verifyKey = null!;

    /// <summary>Gets or sets the signature backend.</summary>
    [Params(SignatureBackendKind.NSec, SignatureBackendKind.Managed)]
    public SignatureBackendKind Backend { get; set; }

    /// <summary>Imports a fixed seed and its verify key and signs the message once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var backend = SignatureBackendFactory.Create(Backend);
        var seed = new byte[ISignatureBackend.Ed25519SeedSize];
        for (var i = 0; i < seed.Length; i++)
        {
            seed[i] = (byte)(i * 7 + 1);
        }

        for (var i = 0; i < _message.Length; i++)
        {
            _message[i] = (byte)i;
        }

        _signingKey = backend.ImportEd25519SigningKey(seed);
        _verifyKey = backend.ImportEd25519VerifyKey(_signingKey.PublicKey);
        _signingKey.Sign(_message, _signature);
        if (!Verify())
        {
            throw new InvalidOperationException("The signature does not verify.");
        }
    }

    /// <summary>Ed25519 detached signature of the message.</summary>
    [Benchmark]
    public void Sign() => _signingKey.Sign(_message, _signature);

    /// <summary>Ed25519 verification of a valid signature.</summary>
    [Benchmark]
    public bool Verify() => _verifyKey.Verify(_signature, _message);
}
