namespace Ipv8.Messaging;

/// <summary>What a <see cref="SourceRateLimiter"/> admitted and refused. Thread-safe.</summary>
public sealed class ReceiveLimiterCounters
{
    private long _admitted;
    private long _admittedTrusted;
    private long _admittedBytes;
    private long _droppedAddress;
    private long _droppedPrefix;
    private long _droppedGlobal;
    private long _droppedBytes;
    private long _addressesEvicted;
    private long _prefixesEvicted;

    /// <summary>Gets the number of datagrams admitted (trusted and unproven).</summary>
    public long Admitted => Interlocked.Read(ref _admitted);

    /// <summary>Gets the number of datagrams admitted from trusted sources.</summary>
    public long AdmittedTrusted => Interlocked.Read(ref _admittedTrusted);

    /// <summary>Gets the bytes of the admitted datagrams.</summary>
    public long AdmittedBytes => Interlocked.Read(ref _admittedBytes);

    /// <summary>Gets the number of datagrams refused by their source address's bucket.</summary>
    public long DroppedAddress => Interlocked.Read(ref _droppedAddress);

    /// <summary>Gets the number of datagrams refused by their source prefix's bucket.</summary>
    public long DroppedPrefix => Interlocked.Read(ref _droppedPrefix);

    /// <summary>Gets the number of datagrams refused by the global budget.</summary>
    public long DroppedGlobal => Interlocked.Read(ref _droppedGlobal);

    /// <summary>Gets the bytes of the refused datagrams.</summary>
    public long DroppedBytes => Interlocked.Read(ref _droppedBytes);

    /// <summary>Gets the number of address buckets evicted because <see cref="ReceiveLimitOptions.MaxAddresses"/> was reached.</summary>
    public long AddressesEvicted => Interlocked.Read(ref _addressesEvicted);

    /// <summary>Gets the number of prefix buckets evicted because <see cref="ReceiveLimitOptions.MaxPrefixes"/> was reached.</summary>
    public long PrefixesEvicted => Interlocked.Read(ref _prefixesEvicted);

    /// <summary>Gets the total number of refused datagrams.</summary>
    public long Dropped => DroppedAddress + DroppedPrefix + DroppedGlobal;

    /// <summary>Returns the counters by snake_case name (<c>admitted</c>, <c>dropped_address</c>, ...), a new snapshot.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(StringComparer.Ordinal)
    {
        ["admitted"] = Admitted,
        ["admitted_trusted"] = AdmittedTrusted,
        ["admitted_bytes"] = AdmittedBytes,
        ["dropped_address"] = DroppedAddress,
        ["dropped_prefix"] = DroppedPrefix,
        ["dropped_global"] = DroppedGlobal,
        ["dropped_bytes"] = DroppedBytes,
        ["addresses_evicted"] = AddressesEvicted,
        ["prefixes_evicted"] = PrefixesEvicted,
    };

    internal void CountAdmitted(int length, bool trusted)
    {
        Interlocked.Increment(ref _admitted);
        Interlocked.Add(ref _admittedBytes, length);
        if (trusted)
        {
            Interlocked.Increment(ref _admittedTrusted);
        }
    }

    internal void CountDropped(DropReason reason, int length)
    {
        switch (reason)
        {
            case DropReason.RateLimitedAddress:
                Interlocked.Increment(ref _droppedAddress);
                break;
            case DropReason.RateLimitedPrefix:
                Interlocked.Increment(ref _droppedPrefix);
                break;
            default:
                Interlocked.Increment(ref _droppedGlobal);
                break;
        }

        Interlocked.Add(ref _droppedBytes, length);
    }

    internal void CountAddressEvicted() => Interlocked.Increment(ref _addressesEvicted);

    internal void CountPrefixEvicted() => Interlocked.Increment(ref _prefixesEvicted);
}
