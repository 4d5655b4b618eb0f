using System.Buffers;
using System.Text;
using Ipv8.Keys;
using Ipv8.Messaging;

namespace Ipv8.Rendezvous;

/// <summary>
/// A registrant's signed statement "the key <see cref="KeyBin"/> can be reached at <see cref="Addresses"/> under
/// <see cref="Namespace"/> until <see cref="Expiry"/>" (the libp2p signed peer record, on IPv8 keys). It travels inside
/// REGISTER, DISCOVER_RESPONSE and LAN announcements, and whoever receives it checks it with <see cref="Check"/> before use.
/// </summary>
/// <remarks>
/// <para>Wire (nested payload): <c>varlenH</c> key bin, <c>varlenH</c> namespace (UTF-8), <c>Q</c> expiry (Unix seconds),
/// <c>B</c> address count (1-<see cref="MaxAddresses"/>) and that many <c>ip_address</c> fields, <c>varlenH</c> signature.
/// The signature covers <see cref="SignatureDomain"/> followed by every field before it, so a record signature can never be
/// taken for a message signature or the reverse.</para>
/// <para>Hostile input: <see cref="TryRead"/> never throws; oversized fields are refused as
/// <see cref="DropReason.OversizedField"/>, anything else invalid as <see cref="DropReason.Malformed"/>.</para>
/// </remarks>
public sealed record SignedPeerRecord : IPayload<SignedPeerRecord>
{
    /// <summary>The most addresses a record lists (4).</summary>
    public const int MaxAddresses = 4;

    /// <summary>The longest namespace in UTF-8 bytes (255, as libp2p rendezvous).</summary>
    public const int MaxNamespaceBytes = 255;

    /// <summary>The longest key bin or signature accepted (256 bytes; EC keys of py-ipv8 are at most 158).</summary>
    public const int MaxKeyOrSignatureBytes = 256;

    /// <summary>The bytes every record signature starts from: ASCII <c>ipv8-rendezvous-record-1</c>.</summary>
    public static ReadOnlySpan<byte> SignatureDomain => "ipv8-rendezvous-record-1"u8;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Gets the registrant's public key bin.</summary>
    public required ReadOnlyMemory<byte> KeyBin { get; init; }

    /// <summary>Gets the namespace (1-255 UTF-8 bytes).</summary>
    public required string Namespace { get; init; }

    /// <summary>Gets the time after which nobody may hand the record out (whole seconds).</summary>
    public required DateTimeOffset Expiry { get; init; }

    /// <summary>Gets the addresses the registrant can be reached at (1-<see cref="MaxAddresses"/>).</summary>
    public required IReadOnlyList<UdpAddress> Addresses { get; init; }

    /// <summary>Gets the signature by the key of <see cref="KeyBin"/>.</summary>
    public required ReadOnlyMemory<byte> Signature { get; init; }

    /// <summary>Gets the number of bytes the record takes on the wire.</summary>
    public int WireSize => 2 + KeyBin.Length + 2 + Encoding.UTF8.GetByteCount(Namespace) + 8 + 1 + Addresses.Sum(a => a.IsIPv6 ? 19 : 7) + 2 + Signature.Length;

    /// <summary>Returns null when <paramref name="ns"/> is a valid namespace (1-255 UTF-8 bytes, no control characters), else why not.</summary>
    /// <param name="ns">The namespace.</param>
    /// <returns>The problem, or null.</returns>
    public static string? CheckNamespace(string? ns)
    {
        if (string.IsNullOrEmpty(ns))
        {
            return "a namespace must not be empty";
        }

        if (Encoding.UTF8.GetByteCount(ns) > MaxNamespaceBytes)
        {
            return $"a namespace has at most {MaxNamespaceBytes} UTF-8 bytes";
        }

        return ns.Any(char.IsControl) ? "a namespace must not contain control characters" : null;
    }

    /// <summary>Creates and signs a record.</summary>
    /// <param name="key">The registrant's private key (it signs; its public key bin goes into the record).</param>
    /// <param name="ns">The namespace (see <see cref="CheckNamespace"/>).</param>
    /// <param name="addresses">1-<see cref="MaxAddresses"/> addresses, none zero.</param>
    /// <param name="expiry">The expiry; truncated to whole seconds.</param>
    /// <returns>The signed record.</returns>
    /// <exception cref="ArgumentException">The namespace or the address list is invalid.</exception>
    public static SignedPeerRecord Create(PrivateKey key, string ns, IReadOnlyList<UdpAddress> addresses, DateTimeOffset expiry)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(addresses);
        if (CheckNamespace(ns) is { } problem)
        {
            throw new ArgumentException(problem, nameof(ns));
        }

        if (addresses.Count is 0 or > MaxAddresses || addresses.Any(a => a.IsZero))
        {
            throw new ArgumentException($"A record lists 1 to {MaxAddresses} non-zero addresses.", nameof(addresses));
        }

        var unsigned = new SignedPeerRecord
        {
            KeyBin = key.PublicKey.KeyBin.ToArray(),
            Namespace = ns,
            Expiry = DateTimeOffset.FromUnixTimeSeconds(expiry.ToUnixTimeSeconds()),
            Addresses = [.. addresses],
            Signature = ReadOnlyMemory<byte>.Empty,
        };
        var signature = new byte[key.SignatureLength];
        key.Sign(unsigned.SignedBytes(), signature);
        return unsigned with { Signature = signature };
    }

    /// <summary>
    /// Checks the record as every receiver must before using it: the key parses, the signature is the key's over the
    /// record, it has not expired at <paramref name="now"/>, and (when given) its namespace is <paramref name="expectedNamespace"/>.
    /// </summary>
    /// <param name="parser">Parses the key bin.</param>
    /// <param name="now">The current time.</param>
    /// <param name="expectedNamespace">The namespace the record must carry, or null for any.</param>
    /// <param name="key">The parsed key when the record is valid.</param>
    /// <returns><see cref="RecordProblem.None"/> when valid, else the first problem found.</returns>
    public RecordProblem Check(PublicKeyParser parser, DateTimeOffset now, string? expectedNamespace, out PublicKey? key)
    {
        ArgumentNullException.ThrowIfNull(parser);
        key = null;
        if (expectedNamespace is not null && !string.Equals(expectedNamespace, Namespace, StringComparison.Ordinal))
        {
            return RecordProblem.WrongNamespace;
        }

        if (Expiry <= now)
        {
            return RecordProblem.Expired;
        }

        if (!parser(KeyBin.Span, out var parsed))
        {
            return RecordProblem.InvalidKey;
        }

        if (Signature.Length != parsed.SignatureLength || !parsed.Verify(Signature.Span, SignedBytes()))
        {
            return RecordProblem.BadSignature;
        }

        key = parsed;
        return RecordProblem.None;
    }

    /// <inheritdoc/>
    public void Write(ref PacketWriter writer)
    {
        WriteBody(ref writer);
        writer.WriteVarLenH(Signature.Span);
    }

    /// <inheritdoc/>
    public static bool TryRead(ref PacketReader reader, out SignedPeerRecord payload)
    {
        payload = null!;
        if (!reader.TryReadVarLenH(out var keyBin) || !reader.TryReadVarLenH(out var nsBytes) || !reader.TryReadUInt64(out var expiry) || !reader.TryReadByte(out var count))
        {
            return false;
        }

        if (keyBin.Length is 0 or > MaxKeyOrSignatureBytes || nsBytes.Length > MaxNamespaceBytes || count > MaxAddresses)
        {
            return reader.Fail(DropReason.OversizedField);
        }

        if (!TryDecodeNamespace(nsBytes, out var ns) || count == 0 || expiry > (ulong)DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return reader.Fail(DropReason.Malformed);
        }

        var addresses = new UdpAddress[count];
        for (var i = 0; i < count; i++)
        {
            if (!reader.TryReadIpAddress(out addresses[i]))
            {
                return false;
            }
        }

        if (!reader.TryReadVarLenH(out var signature))
        {
            return false;
        }

        if (signature.Length > MaxKeyOrSignatureBytes)
        {
            return reader.Fail(DropReason.OversizedField);
        }

        payload = new SignedPeerRecord
        {
            KeyBin = keyBin.ToArray(),
            Namespace = ns,
            Expiry = DateTimeOffset.FromUnixTimeSeconds((long)expiry),
            Addresses = addresses,
            Signature = signature.ToArray(),
        };
        return true;
    }

    /// <summary>Decodes a namespace from the wire: strict UTF-8, 1-255 bytes, no control characters.</summary>
    internal static bool TryDecodeNamespace(ReadOnlySpan<byte> bytes, out string ns)
    {
        ns = string.Empty;
        if (bytes.Length is 0 or > MaxNamespaceBytes)
        {
            return false;
        }

        try
        {
            ns = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        return !ns.Any(char.IsControl);
    }

    private byte[] SignedBytes()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1024);
        try
        {
            var writer = new PacketWriter(buffer);
            writer.WriteBytes(SignatureDomain);
            WriteBody(ref writer);
            return buffer.AsSpan(0, writer.Position).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void WriteBody(ref PacketWriter writer)
    {
        writer.WriteVarLenH(KeyBin.Span);
        writer.WriteVarLenHUtf8(Namespace);
        writer.WriteUInt64((ulong)Expiry.ToUnixTimeSeconds());
        writer.WriteByte((byte)Addresses.Count);
        foreach (var address in Addresses)
        {
            writer.WriteIpAddress(address);
        }
    }
}
