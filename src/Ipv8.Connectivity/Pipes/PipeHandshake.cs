using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Ipv8.Keys;
using NSec.Cryptography;
using NSecPublicKey = NSec.Cryptography.PublicKey;
using PublicKey = Ipv8.Keys.PublicKey;

namespace Ipv8.Connectivity.Pipes;

/// <summary>
/// The pipe handshake: ephemeral X25519 key agreement, authenticated by both sides' IPv8 keys signing the
/// transcript (the SIGMA pattern Noise-XX and TLS 1.3 follow), then ChaCha20-Poly1305 frames keyed by HKDF-SHA256.
/// <list type="number">
/// <item>initiator → responder: version ‖ e_i (32).</item>
/// <item>responder → initiator: e_r (32) ‖ AEAD(k_rh, 0, key bin_r ‖ sig_r(label_r ‖ h2)), h2 = SHA-256(label ‖ m1 ‖ e_r).</item>
/// <item>initiator → responder: AEAD(k_ih, 0, key bin_i ‖ sig_i(label_i ‖ h3 ‖ protocol ‖ token) ‖ protocol ‖ token), h3 = SHA-256(h2 ‖ m2).</item>
/// <item>responder → initiator: AEAD(k_rh, 1, status ‖ reason).</item>
/// </list>
/// Handshake keys come from HKDF(X25519(e_i, e_r), salt h2), traffic keys from HKDF(same, salt SHA-256(h3 ‖ m3)),
/// one key per direction. The signatures bind each identity to both fresh ephemerals, so a recorded handshake
/// cannot be replayed, and identities travel encrypted. Each handshake message is a u16-length-prefixed frame of at
/// most <see cref="MaxMessageLength"/> bytes; the whole exchange is bounded by <see cref="PipeOptions.HandshakeTimeout"/>.
/// </summary>
public static class PipeHandshake
{
    /// <summary>Largest handshake message: 4096 bytes.</summary>
    public const int MaxMessageLength = 4096;

    /// <summary>Longest protocol name: 64 bytes of UTF-8.</summary>
    public const int MaxProtocolLength = 64;

    /// <summary>Longest reverse-connection token: 32 bytes.</summary>
    public const int MaxTokenLength = 32;

    private const byte Version = 1;
    private static readonly byte[] TranscriptLabel = Encoding.ASCII.GetBytes("ipv8-pipe/v1 transcript\0");
    private static readonly byte[] ResponderLabel = Encoding.ASCII.GetBytes("ipv8-pipe/v1 responder\0");
    private static readonly byte[] InitiatorLabel = Encoding.ASCII.GetBytes("ipv8-pipe/v1 initiator\0");
    private static readonly byte[] HandshakeInfo = Encoding.ASCII.GetBytes("ipv8-pipe/v1 handshake keys");
    private static readonly byte[] TrafficInfo = Encoding.ASCII.GetBytes("ipv8-pipe/v1 traffic keys");

    /// <summary>
    /// Runs the initiator side on a connected stream. The pipe is returned only when the responder proved it
    /// holds <paramref name="expectedRemote"/> and accepted <paramref name="protocol"/>.
    /// </summary>
    /// <param name="stream">The connected stream; owned by the returned pipe, disposed on failure.</param>
    /// <param name="localKey">Our IPv8 identity.</param>
    /// <param name="expectedRemote">The key the other side must authenticate with.</param>
    /// <param name="protocol">The protocol to open (1..64 bytes of UTF-8).</param>
    /// <param name="token">A reverse-connection token (0..32 bytes), or empty.</param>
    /// <param name="keys">Parses the responder's key bin.</param>
    /// <param name="options">Frame and time limits.</param>
    /// <param name="remoteEndPoint">The remote endpoint, recorded on the pipe.</param>
    /// <param name="cancellationToken">Cancels the handshake.</param>
    /// <exception cref="PipeHandshakeException">Timeout, closed connection, malformed message, wrong key, bad signature or refusal; <see cref="PipeHandshakeException.Failure"/> says which.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<SecurePipe> InitiateAsync(Stream stream, PrivateKey localKey, PublicKey expectedRemote, string protocol, ReadOnlyMemory<byte> token, KeyFactory keys, PipeOptions options, EndPoint? remoteEndPoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(localKey);
        ArgumentNullException.ThrowIfNull(expectedRemote);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(options);
        var protocolBytes = CheckProtocol(protocol);
        if (token.Length > MaxTokenLength)
            throw new ArgumentException($"A token is at most {MaxTokenLength} bytes.", nameof(token));

        return await BoundedAsync(stream, options, async ct =>
        {
            using var ephemeral = Key.Create(KeyAgreementAlgorithm.X25519);
            var m1 = new byte[1 + 32];
            m1[0] = Version;
            ephemeral.PublicKey.Export(KeyBlobFormat.RawPublicKey).CopyTo(m1, 1);
            await WriteMessageAsync(stream, m1, ct).ConfigureAwait(false);

            var m2 = await ReadMessageAsync(stream, ct).ConfigureAwait(false);
            if (m2.Length < 32 + FrameCipher.TagLength)
                throw Malformed($"message 2 is {m2.Length} bytes");
            using var secret = Agree(ephemeral, m2.AsSpan(0, 32));
            var h2 = Hash(TranscriptLabel, m1, m2.AsSpan(0, 32));
            var (initiatorHandshake, responderHandshake) = DeriveKeys(secret, h2, HandshakeInfo);
            using var sendHandshake = new FrameCipher(initiatorHandshake);
            using var receiveHandshake = new FrameCipher(responderHandshake);

            if (!receiveHandshake.TryOpen(m2.AsSpan(32), out var identity2))
                throw Malformed("message 2 did not decrypt");
            var reader = new MessageReader(identity2);
            var responderKeyBin = reader.Field16("responder key");
            var responderSignature = reader.Field16("responder signature");
            reader.End();
            if (!keys.TryParsePublicKey(responderKeyBin, out var responderKey))
                throw Malformed("the responder's key bin does not parse");
            if (!responderKey.Equals(expectedRemote))
                throw new PipeHandshakeException(HandshakeFailure.WrongKey, $"The remote side is {responderKey.MidHex}, not the expected {expectedRemote.MidHex}.");
            if (!responderKey.Verify(responderSignature, Concat(ResponderLabel, h2)))
                throw new PipeHandshakeException(HandshakeFailure.BadSignature, "The responder's transcript signature does not verify.");

            var h3 = Hash(h2, m2);
            var signature = new byte[localKey.SignatureLength];
            localKey.Sign(Concat(InitiatorLabel, h3, protocolBytes, token.Span), signature);
            var identity3 = new MessageWriter();
            identity3.Field16(localKey.PublicKey.KeyBin);
            identity3.Field16(signature);
            identity3.Field8(protocolBytes);
            identity3.Field8(token.Span);
            var m3 = sendHandshake.Seal(identity3.ToArray());
            await WriteMessageAsync(stream, m3, ct).ConfigureAwait(false);

            var m4 = await ReadMessageAsync(stream, ct).ConfigureAwait(false);
            if (!receiveHandshake.TryOpen(m4, out var status))
                throw Malformed("message 4 did not decrypt");
            var statusReader = new MessageReader(status);
            var accepted = statusReader.Byte("status");
            var reason = Encoding.UTF8.GetString(statusReader.Field8("reason"));
            statusReader.End();
            if (accepted != 0)
                throw new PipeHandshakeException(HandshakeFailure.Refused, $"The remote side refused the pipe: {Printable(reason)}.");

            var (initiatorTraffic, responderTraffic) = DeriveKeys(secret, Hash(h3, m3), TrafficInfo);
            return new SecurePipe(stream, new FrameCipher(initiatorTraffic), new FrameCipher(responderTraffic), options, responderKey, protocol, token.ToArray(), isInitiator: true, remoteEndPoint);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the responder side on an accepted stream. After the initiator authenticated, <paramref name="authorize"/>
    /// sees its key, protocol and token and returns null to accept or a reason to refuse (sent back to the initiator).
    /// </summary>
    /// <exception cref="PipeHandshakeException">Timeout, closed connection, malformed message, bad signature, or <paramref name="authorize"/> refused.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<SecurePipe> AcceptAsync(Stream stream, PrivateKey localKey, KeyFactory keys, PipeOptions options, Func<PublicKey, string, ReadOnlyMemory<byte>, string?> authorize, EndPoint? remoteEndPoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(localKey);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(authorize);

        return await BoundedAsync(stream, options, async ct =>
        {
            var m1 = await ReadMessageAsync(stream, ct).ConfigureAwait(false);
            if (m1.Length != 33 || m1[0] != Version)
                throw Malformed($"message 1 is {m1.Length} bytes or an unknown version");
            using var ephemeral = Key.Create(KeyAgreementAlgorithm.X25519);
            var ephemeralPublic = ephemeral.PublicKey.Export(KeyBlobFormat.RawPublicKey);
            using var secret = Agree(ephemeral, m1.AsSpan(1));
            var h2 = Hash(TranscriptLabel, m1, ephemeralPublic);
            var (initiatorHandshake, responderHandshake) = DeriveKeys(secret, h2, HandshakeInfo);
            using var sendHandshake = new FrameCipher(responderHandshake);
            using var receiveHandshake = new FrameCipher(initiatorHandshake);

            var signature = new byte[localKey.SignatureLength];
            localKey.Sign(Concat(ResponderLabel, h2), signature);
            var identity2 = new MessageWriter();
            identity2.Field16(localKey.PublicKey.KeyBin);
            identity2.Field16(signature);
            var m2 = Concat(ephemeralPublic, sendHandshake.Seal(identity2.ToArray()));
            await WriteMessageAsync(stream, m2, ct).ConfigureAwait(false);

            var m3 = await ReadMessageAsync(stream, ct).ConfigureAwait(false);
            if (!receiveHandshake.TryOpen(m3, out var identity3))
                throw Malformed("message 3 did not decrypt");
            var reader = new MessageReader(identity3);
            var initiatorKeyBin = reader.Field16("initiator key");
            var initiatorSignature = reader.Field16("initiator signature");
            var protocolBytes = reader.Field8("protocol");
            var token = reader.Field8("token");
            reader.End();
            if (protocolBytes.Length is 0 or > MaxProtocolLength || token.Length > MaxTokenLength)
                throw Malformed("protocol name or token out of bounds");
            if (!keys.TryParsePublicKey(initiatorKeyBin, out var initiatorKey))
                throw Malformed("the initiator's key bin does not parse");
            var h3 = Hash(h2, m2);
            if (!initiatorKey.Verify(initiatorSignature, Concat(InitiatorLabel, h3, protocolBytes, token)))
                throw new PipeHandshakeException(HandshakeFailure.BadSignature, "The initiator's transcript signature does not verify.");

            string protocol;
            try
            {
                protocol = new UTF8Encoding(false, true).GetString(protocolBytes);
            }
            catch (DecoderFallbackException e)
            {
                throw Malformed("the protocol name is not UTF-8", e);
            }

            var refusal = authorize(initiatorKey, protocol, token);
            var status = new MessageWriter();
            status.Byte(refusal is null ? (byte)0 : (byte)1);
            status.Field8(Encoding.UTF8.GetBytes(Truncate(refusal ?? string.Empty, 200)));
            await WriteMessageAsync(stream, sendHandshake.Seal(status.ToArray()), ct).ConfigureAwait(false);
            if (refusal is not null)
                throw new PipeHandshakeException(HandshakeFailure.Refused, $"Refused {initiatorKey.MidHex[..8]}: {refusal}.");

            var (initiatorTraffic, responderTraffic) = DeriveKeys(secret, Hash(h3, m3), TrafficInfo);
            return new SecurePipe(stream, new FrameCipher(responderTraffic), new FrameCipher(initiatorTraffic), options, initiatorKey, protocol, token, isInitiator: false, remoteEndPoint);
        }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<SecurePipe> BoundedAsync(Stream stream, PipeOptions options, Func<CancellationToken, Task<SecurePipe>> run, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(options.HandshakeTimeout);
        var success = false;
        try
        {
            var pipe = await run(bounded.Token).ConfigureAwait(false);
            success = true;
            return pipe;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PipeHandshakeException(HandshakeFailure.Timeout, $"The handshake did not complete within {options.HandshakeTimeout.TotalMilliseconds:0} ms.", e);
        }
        catch (Exception e) when (e is IOException or EndOfStreamException)
        {
            throw new PipeHandshakeException(HandshakeFailure.Closed, $"The connection closed during the handshake: {e.Message}", e);
        }
        finally
        {
            if (!success)
                await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static SharedSecret Agree(Key ephemeral, ReadOnlySpan<byte> otherPublic)
    {
        if (!NSecPublicKey.TryImport(KeyAgreementAlgorithm.X25519, otherPublic, KeyBlobFormat.RawPublicKey, out var other) || other is null)
            throw Malformed("the ephemeral key is not an X25519 public key");

        // A small-order point gives an all-zero secret, which libsodium reports as failure.
        return KeyAgreementAlgorithm.X25519.Agree(ephemeral, other)
            ?? throw Malformed("the ephemeral key agreement failed (small-order point)");
    }

    private static (byte[] Initiator, byte[] Responder) DeriveKeys(SharedSecret secret, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info)
    {
        var bytes = KeyDerivationAlgorithm.HkdfSha256.DeriveBytes(secret, salt, info, 64);
        return (bytes[..32], bytes[32..]);
    }

    private static byte[] CheckProtocol(string protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        var bytes = Encoding.UTF8.GetBytes(protocol);
        if (bytes.Length is 0 or > MaxProtocolLength)
            throw new ArgumentException($"A protocol name is 1..{MaxProtocolLength} bytes of UTF-8.", nameof(protocol));
        return bytes;
    }

    private static async Task WriteMessageAsync(Stream stream, byte[] message, CancellationToken ct)
    {
        var frame = new byte[2 + message.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)message.Length);
        message.CopyTo(frame, 2);
        await stream.WriteAsync(frame, ct).ConfigureAwait(false);
        await stream.FlushAsync(ct).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadMessageAsync(Stream stream, CancellationToken ct)
    {
        var header = new byte[2];
        await stream.ReadExactlyAsync(header, ct).ConfigureAwait(false);
        var length = BinaryPrimitives.ReadUInt16BigEndian(header);
        if (length > MaxMessageLength)
            throw Malformed($"a handshake message announced {length} bytes; the limit is {MaxMessageLength}");
        var message = new byte[length];
        await stream.ReadExactlyAsync(message, ct).ConfigureAwait(false);
        return message;
    }

    private static byte[] Hash(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<byte> third = default)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(first);
        hash.AppendData(second);
        hash.AppendData(third);
        return hash.GetHashAndReset();
    }

    private static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c = default, ReadOnlySpan<byte> d = default)
    {
        var result = new byte[a.Length + b.Length + c.Length + d.Length];
        a.CopyTo(result);
        b.CopyTo(result.AsSpan(a.Length));
        c.CopyTo(result.AsSpan(a.Length + b.Length));
        d.CopyTo(result.AsSpan(a.Length + b.Length + c.Length));
        return result;
    }

    private static PipeHandshakeException Malformed(string reason, Exception? inner = null) =>
        new(HandshakeFailure.Malformed, $"Malformed handshake: {reason}.", inner);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private static string Printable(string text) => new(text.Where(c => !char.IsControl(c)).Take(200).ToArray());

    private sealed class MessageWriter
    {
        private readonly List<byte> _bytes = [];

        public void Byte(byte value) => _bytes.Add(value);

        public void Field8(ReadOnlySpan<byte> value)
        {
            _bytes.Add(checked((byte)value.Length));
            _bytes.AddRange(value.ToArray());
        }

        public void Field16(ReadOnlySpan<byte> value)
        {
            _bytes.Add((byte)(value.Length >> 8));
            _bytes.Add((byte)value.Length);
            _bytes.AddRange(value.ToArray());
        }

        public byte[] ToArray() => [.. _bytes];
    }

    private sealed class MessageReader(byte[] data)
    {
        private int _offset;

        public byte Byte(string name)
        {
            if (_offset >= data.Length)
                throw Malformed($"{name} is missing");
            return data[_offset++];
        }

        public byte[] Field8(string name) => Take(Byte(name), name);

        public byte[] Field16(string name)
        {
            var length = (Byte(name) << 8) | Byte(name);
            return Take(length, name);
        }

        public void End()
        {
            if (_offset != data.Length)
                throw Malformed($"{data.Length - _offset} trailing bytes");
        }

        private byte[] Take(int length, string name)
        {
            if (length > data.Length - _offset)
                throw Malformed($"{name} overruns the message");
            var bytes = data.AsSpan(_offset, length).ToArray();
            _offset += length;
            return bytes;
        }
    }
}
