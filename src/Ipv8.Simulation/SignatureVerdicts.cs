using System.Buffers.Binary;
using System.Security.Cryptography;
using Ipv8.Keys;

namespace Ipv8.Simulation;

/// <summary>
/// Ed25519 verdicts a simulation already knows, shared by <see cref="SimulatedSignatureBackend"/> (which consults them
/// before verifying) and <see cref="SimulatedNetwork"/> (which computes them ahead of delivery, in parallel):
/// <list type="bullet">
/// <item>the verdict of the datagram being delivered, computed while it was in flight (pre-verification);</item>
/// <item>optionally, a bounded memo of the signatures the simulated keys made (a signature an honest Ed25519 key made over
/// a message verifies under that key: the memo answers "valid" only for exactly the same key, signature and message,
/// compared by SHA-256 of the message, so a forged or altered datagram is still verified for real).</item>
/// </list>
/// </summary>
/// <remarks>
/// Every verdict given is the one the wrapped backend would compute from the same bytes; nothing here can turn a bad
/// signature into a good one, so a run's outcome does not depend on whether or how much is known in advance.
/// Thread-safe: the memo is guarded by a lock; the delivery verdict is only answered on the thread that set it.
/// </remarks>
internal sealed class SignatureVerdicts
{
    /// <summary>Where the Ed25519 verify key starts in a signed datagram with a curve25519 key: prefix (22), id (1), key length (2), <c>LibNaCLPK:</c> (10), X25519 (32).</summary>
    internal const int Ed25519KeyOffset = KeyBinOffset + 42;

    private const int KeyBinOffset = 25;
    private const int CurveKeyBinLength = 74;
    private const int KeyPrefixLength = 10;
    private const int SignatureSize = ISignatureBackend.Ed25519SignatureSize;
    private const int KeySize = ISignatureBackend.Ed25519PublicKeySize;
    private const int HashSize = 32;
    private const int EntrySize = SignatureSize + KeySize + HashSize;
    private const int MinimumMemoEntries = 1024;
    private const int MaximumMemoEntries = 1 << 21;

    private readonly Lock _gate = new();
    private readonly Dictionary<long, int>? _memoIndex;
    private byte[] _memo = [];
    private int _memoEntries;
    private int _memoNext;
    private int _memoUsed;
    private byte[]? _deliveryBuffer;
    private int _deliveryLength;
    private int _deliveryThread;
    private bool _deliveryValid;
    private long _memoHits;
    private long _deliveryHits;
    private long _preverified;

    /// <summary>Creates the store.</summary>
    /// <param name="parallelism">How many workers verify in-flight datagrams ahead of delivery; 1 verifies on delivery, as without a simulator.</param>
    /// <param name="memo">Whether to remember the signatures simulated keys make.</param>
    internal SignatureVerdicts(int parallelism, bool memo)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        Parallelism = parallelism;
        if (memo)
        {
            _memoIndex = [];
            Grow(MinimumMemoEntries);
        }
    }

    /// <summary>Gets how many workers verify in-flight datagrams (1: none ahead of delivery).</summary>
    internal int Parallelism { get; }

    /// <summary>Gets a value indicating whether signatures made by simulated keys are remembered.</summary>
    internal bool HasMemo => _memoIndex is not null;

    /// <summary>Gets or sets the key factory that parses the key bins of in-flight datagrams (the swarm's).</summary>
    internal KeyFactory? Keys { get; set; }

    /// <summary>Gets how many verifications the memo answered.</summary>
    internal long MemoHits => Interlocked.Read(ref _memoHits);

    /// <summary>Gets how many verifications a verdict computed in flight answered.</summary>
    internal long DeliveryHits => Interlocked.Read(ref _deliveryHits);

    /// <summary>Gets how many in-flight datagrams were verified ahead of delivery.</summary>
    internal long Preverified => Interlocked.Read(ref _preverified);

    /// <summary>
    /// Verifies a datagram ahead of delivery when it is a signed message with a curve25519 key (any layout: the signature
    /// covers everything before its last 64 bytes). Thread-safe; never throws for malformed input.
    /// </summary>
    /// <param name="datagram">The datagram as it is on the wire.</param>
    /// <param name="memoOnly">True to answer only from the memo (cheap), leaving <see cref="InFlightVerdict.Unknown"/> for the curve arithmetic.</param>
    /// <returns><see cref="InFlightVerdict.Valid"/>, <see cref="InFlightVerdict.Invalid"/>, <see cref="InFlightVerdict.NotApplicable"/> (not such a
    /// message), or <see cref="InFlightVerdict.Unknown"/> (<paramref name="memoOnly"/> and not in the memo).</returns>
    internal InFlightVerdict Preverify(ReadOnlySpan<byte> datagram, bool memoOnly)
    {
        if (Keys is not { } keys || datagram.Length < KeyBinOffset + CurveKeyBinLength + SignatureSize)
        {
            return InFlightVerdict.NotApplicable;
        }

        int keyLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[(KeyBinOffset - 2)..]);
        if (keyLength != CurveKeyBinLength
            || datagram.Length < KeyBinOffset + keyLength + SignatureSize
            || !datagram.Slice(KeyBinOffset, KeyPrefixLength).SequenceEqual("LibNaCLPK:"u8))
        {
            return InFlightVerdict.NotApplicable;
        }

        var signature = datagram[^SignatureSize..];
        var message = datagram[..^SignatureSize];
        if (memoOnly)
        {
            if (_memoIndex is null || !Recall(datagram.Slice(Ed25519KeyOffset, KeySize), signature, message))
            {
                return InFlightVerdict.Unknown;
            }

            Interlocked.Increment(ref _preverified);
            Interlocked.Increment(ref _memoHits);
            return InFlightVerdict.Valid;
        }

        if (!keys.TryParsePublicKey(datagram.Slice(KeyBinOffset, keyLength), out var key) || key.SignatureLength != SignatureSize)
        {
            return InFlightVerdict.NotApplicable;
        }

        Interlocked.Increment(ref _preverified);
        return key.Verify(signature, message) ? InFlightVerdict.Valid : InFlightVerdict.Invalid;
    }

    /// <summary>Makes <paramref name="valid"/> the verdict of the datagram about to be delivered on this thread (until <see cref="EndDelivery"/>).</summary>
    internal void BeginDelivery(byte[] buffer, int length, bool valid)
    {
        _deliveryThread = Environment.CurrentManagedThreadId;
        _deliveryLength = length;
        _deliveryValid = valid;
        _deliveryBuffer = buffer;
    }

    /// <summary>Forgets the delivery verdict.</summary>
    internal void EndDelivery() => _deliveryBuffer = null;

    /// <summary>
    /// Returns true with the verdict when <paramref name="signature"/> over <paramref name="message"/> under
    /// <paramref name="key"/> is exactly the datagram being delivered, or a signature a simulated key made.
    /// </summary>
    internal bool TryGetVerdict(ReadOnlySpan<byte> key, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message, out bool valid)
    {
        if (_deliveryBuffer is { } buffer && _deliveryThread == Environment.CurrentManagedThreadId)
        {
            var delivered = buffer.AsSpan(0, _deliveryLength);
            if (message.Length + SignatureSize == delivered.Length
                && signature.SequenceEqual(delivered[^SignatureSize..])
                && key.SequenceEqual(delivered.Slice(Ed25519KeyOffset, KeySize))
                && message.SequenceEqual(delivered[..^SignatureSize]))
            {
                Interlocked.Increment(ref _deliveryHits);
                valid = _deliveryValid;
                return true;
            }
        }

        valid = false;
        if (_memoIndex is null || !Recall(key, signature, message))
        {
            return false;
        }

        Interlocked.Increment(ref _memoHits);
        valid = true;
        return true;
    }

    /// <summary>Remembers that <paramref name="key"/> signed <paramref name="message"/> as <paramref name="signature"/> (no-op without a memo).</summary>
    internal void Remember(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (_memoIndex is null)
        {
            return;
        }

        Span<byte> hash = stackalloc byte[HashSize];
        SHA256.HashData(message, hash);
        var tag = BinaryPrimitives.ReadInt64LittleEndian(signature);
        lock (_gate)
        {
            var slot = _memoNext;
            _memoNext = (_memoNext + 1) % _memoEntries;
            var entry = _memo.AsSpan(slot * EntrySize, EntrySize);
            if (slot < _memoUsed)
            {
                // The oldest entry gives way; its index points elsewhere if a newer one reused the tag.
                var oldTag = BinaryPrimitives.ReadInt64LittleEndian(entry);
                if (_memoIndex.TryGetValue(oldTag, out var indexed) && indexed == slot)
                {
                    _memoIndex.Remove(oldTag);
                }
            }
            else
            {
                _memoUsed = slot + 1;
            }

            signature[..SignatureSize].CopyTo(entry);
            key.CopyTo(entry[SignatureSize..]);
            hash.CopyTo(entry[(SignatureSize + KeySize)..]);
            _memoIndex[tag] = slot;
        }
    }

    /// <summary>Lets the memo hold at least <paramref name="entries"/> signatures (up to about two million); it never shrinks.</summary>
    internal void EnsureMemoCapacity(int entries)
    {
        if (_memoIndex is null || entries <= _memoEntries || _memoEntries >= MaximumMemoEntries)
        {
            return;
        }

        lock (_gate)
        {
            Grow(Math.Min(MaximumMemoEntries, (int)Math.Min(int.MaxValue / 2, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)entries))));
        }
    }

    private void Grow(int entries)
    {
        if (entries <= _memoEntries)
        {
            return;
        }

        // Entries keep their slot numbers, so the index stays valid; the ring continues into the new room.
        var larger = new byte[entries * EntrySize];
        _memo.CopyTo(larger, 0);
        _memo = larger;
        if (_memoNext == 0 && _memoUsed == _memoEntries && _memoEntries > 0)
        {
            _memoNext = _memoEntries;
        }

        _memoEntries = entries;
    }

    private bool Recall(ReadOnlySpan<byte> key, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message)
    {
        var tag = BinaryPrimitives.ReadInt64LittleEndian(signature);
        Span<byte> stored = stackalloc byte[EntrySize];
        lock (_gate)
        {
            if (!_memoIndex!.TryGetValue(tag, out var slot))
            {
                return false;
            }

            _memo.AsSpan(slot * EntrySize, EntrySize).CopyTo(stored);
        }

        if (!signature.SequenceEqual(stored[..SignatureSize]) || !key.SequenceEqual(stored.Slice(SignatureSize, KeySize)))
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[HashSize];
        SHA256.HashData(message, hash);
        return hash.SequenceEqual(stored[(SignatureSize + KeySize)..]);
    }
}
