namespace Ipv8.Rendezvous;

/// <summary>One stored registration of a <see cref="RegistrationStore"/>: a key's record under a namespace until it expires.</summary>
internal sealed class Registration(byte[] key, SignedPeerRecord record, PrefixBucket prefix, long expiresAtTicks, ulong sequence)
{
    public byte[] Key { get; } = key;

    public SignedPeerRecord Record { get; } = record;

    public string Namespace => Record.Namespace;

    public PrefixBucket Prefix { get; } = prefix;

    public long ExpiresAtTicks { get; } = expiresAtTicks;

    /// <summary>Gets the order of insertion (strictly increasing over the store's life): the order pages walk in.</summary>
    public ulong Sequence { get; } = sequence;

    public int WireSize { get; } = record.WireSize;

    /// <summary>Gets or sets a value indicating whether the registration was removed (its index slots are skipped until compaction).</summary>
    public bool Removed { get; set; }
}
