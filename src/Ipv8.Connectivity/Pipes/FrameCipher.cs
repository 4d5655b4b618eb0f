using System.Buffers.Binary;
using NSec.Cryptography;

namespace Ipv8.Connectivity.Pipes;

/// <summary>
/// ChaCha20-Poly1305 for one direction of a pipe. The nonce is a 64-bit counter (4 zero bytes ‖ u64
/// big-endian) that both sides advance per frame, so a replayed, dropped, reordered or reflected frame
/// fails to open. Not thread-safe: one sender and one receiver per direction.
/// </summary>
internal sealed class FrameCipher : IDisposable
{
    /// <summary>Length of the authentication tag: 16 bytes.</summary>
    public const int TagLength = 16;

    private static readonly AeadAlgorithm Aead = AeadAlgorithm.ChaCha20Poly1305;
    private readonly Key _key;
    private ulong _counter;

    public FrameCipher(ReadOnlySpan<byte> key)
    {
        _key = Key.Import(Aead, key, KeyBlobFormat.RawSymmetricKey);
    }

    public byte[] Seal(ReadOnlySpan<byte> plaintext)
    {
        Span<byte> nonce = stackalloc byte[12];
        NextNonce(nonce);
        var ciphertext = new byte[plaintext.Length + TagLength];
        Aead.Encrypt(_key, nonce, [], plaintext, ciphertext);
        return ciphertext;
    }

    public bool TryOpen(ReadOnlySpan<byte> ciphertext, out byte[] plaintext)
    {
        plaintext = [];
        if (ciphertext.Length < TagLength)
            return false;
        Span<byte> nonce = stackalloc byte[12];
        NextNonce(nonce);
        var buffer = new byte[ciphertext.Length - TagLength];
        if (!Aead.Decrypt(_key, nonce, [], ciphertext, buffer))
            return false;
        plaintext = buffer;
        return true;
    }

    public void Dispose() => _key.Dispose();

    private void NextNonce(Span<byte> nonce)
    {
        if (_counter == ulong.MaxValue)
            throw new PipeException("The frame counter is exhausted; open a new pipe.");
        nonce[..4].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(nonce[4..], _counter++);
    }
}
