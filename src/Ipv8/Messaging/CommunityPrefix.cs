namespace Ipv8.Messaging;

/// <summary>
/// The 22-byte prefix every packet of a community starts with: <c>0x00 ‖ version ‖ 20-byte community id</c>
/// (spec §1.3). The message id follows at offset 22. Immutable, value equality.
/// </summary>
public sealed class CommunityPrefix : IEquatable<CommunityPrefix>
{
    /// <summary>The prefix length in bytes.</summary>
    public const int Length = 22;

    /// <summary>The community id length in bytes.</summary>
    public const int CommunityIdLength = 20;

    /// <summary>The header length: prefix plus message id.</summary>
    public const int HeaderLength = 23;

    /// <summary>The version every current community uses.</summary>
    public const byte DefaultVersion = 2;

    private readonly byte[] _bytes;

    private CommunityPrefix(byte[] bytes) => _bytes = bytes;

    /// <summary>Gets the 22 prefix bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Gets the 22 prefix bytes as memory.</summary>
    public ReadOnlyMemory<byte> Memory => _bytes;

    /// <summary>Gets the version byte.</summary>
    public byte Version => _bytes[1];

    /// <summary>Gets the 20-byte community id.</summary>
    public ReadOnlySpan<byte> CommunityId => _bytes.AsSpan(2);

    /// <summary>Creates the prefix of a community.</summary>
    /// <exception cref="ArgumentException"><paramref name="communityId"/> is not 20 bytes.</exception>
    public static CommunityPrefix Create(ReadOnlySpan<byte> communityId, byte version = DefaultVersion)
    {
        if (communityId.Length != CommunityIdLength)
        {
            throw new ArgumentException($"A community id has 20 bytes, not {communityId.Length}.", nameof(communityId));
        }

        var bytes = new byte[Length];
        bytes[1] = version;
        communityId.CopyTo(bytes.AsSpan(2));
        return new CommunityPrefix(bytes);
    }

    /// <summary>Creates the prefix of a community from its id in hex (40 hex digits).</summary>
    /// <exception cref="FormatException">The text is not hex.</exception>
    /// <exception cref="ArgumentException">The id is not 20 bytes.</exception>
    public static CommunityPrefix FromHex(string communityIdHex, byte version = DefaultVersion)
        => Create(Convert.FromHexString(communityIdHex), version);

    /// <summary>Returns true when <paramref name="datagram"/> starts with this prefix.</summary>
    public bool Matches(ReadOnlySpan<byte> datagram) => datagram.StartsWith(_bytes);

    /// <summary>Returns true when <paramref name="datagram"/> starts with this prefix and has a message id.</summary>
    public bool TryGetMessageId(ReadOnlySpan<byte> datagram, out byte messageId)
    {
        if (datagram.Length >= HeaderLength && Matches(datagram))
        {
            messageId = datagram[Length];
            return true;
        }

        messageId = 0;
        return false;
    }

    /// <summary>Returns true when <paramref name="datagram"/> looks like an IPv8 community packet (leading 0x00, at least 23 bytes).</summary>
    public static bool HasHeader(ReadOnlySpan<byte> datagram) => datagram.Length >= HeaderLength && datagram[0] == 0;

    /// <inheritdoc/>
    public bool Equals(CommunityPrefix? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is CommunityPrefix other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => BitConverter.ToInt32(_bytes, 2);

    /// <summary>Returns the prefix in lowercase hex.</summary>
    public override string ToString() => Convert.ToHexStringLower(_bytes);
}
