using Ipv8.Keys;
using Ipv8.Messaging;

namespace Ipv8.Peers;

/// <summary>
/// The own identity: a <see cref="Peer"/> that also holds the <see cref="Keys.PrivateKey"/> and the Lamport-style
/// global-time counter (spec 3.4). One instance is shared by every overlay that signs with the same key, so they
/// share the counter.
/// </summary>
public sealed class MyPeer : Peer
{
    private long _globalTime;

    /// <summary>Creates the own identity for <paramref name="privateKey"/>.</summary>
    /// <param name="privateKey">The signing key.</param>
    /// <param name="address">The initial own address, if known (usually <see cref="UdpAddress.Zero"/>).</param>
    /// <param name="creationTime">The creation time.</param>
    public MyPeer(PrivateKey privateKey, UdpAddress address = default, DateTimeOffset creationTime = default)
        : base(NotNull(privateKey).PublicKey, address, creationTime)
    {
        PrivateKey = privateKey;
    }

    /// <summary>Gets the signing key. Treat as secret.</summary>
    public PrivateKey PrivateKey { get; }

    /// <summary>Gets the last claimed global time (0 before the first claim).</summary>
    public ulong GlobalTime => (ulong)Interlocked.Read(ref _globalTime);

    /// <summary>Claims the next global time: increments the counter and returns the new value (first claim = 1). Thread-safe.</summary>
    public ulong ClaimGlobalTime() => (ulong)Interlocked.Increment(ref _globalTime);

    private static PrivateKey NotNull(PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key;
    }
}
